// Message wording and SMS arithmetic: pure functions, no I/O.
export * from './sms-segments.ts';
export * from './template-engine.ts';
export * from './templates.ts';
export * from './email-layout.ts';
export * from './render-message.ts';
export * from './validate-template.ts';
