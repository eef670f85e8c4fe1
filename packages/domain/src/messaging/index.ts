// Messaging: sending, delivery, consent and bulk sends (use cases and their ports), and the wording
// of messages (templates, SMS arithmetic) — pure functions, no I/O.
export * from '../messaging/message.ts';
export * from '../messaging/message-ports.ts';
export * from '../messaging/queue-messages.ts';
export * from '../messaging/quiet-hours.ts';
export * from '../messaging/send-rules.ts';
export * from '../messaging/send-message.ts';
export * from '../messaging/send-messages.ts';
export * from '../messaging/delivery.ts';
export * from '../messaging/bulk-ports.ts';
export * from '../messaging/bulk-send.ts';
export * from '../messaging/staff-email.ts';
export * from '../messaging/list-link-messages.ts';
export * from '../messaging/check-bulk-rows.ts';
export * from './sms-segments.ts';
export * from './template-engine.ts';
export * from './templates.ts';
export * from './email-layout.ts';
export * from './render-message.ts';
export * from './validate-template.ts';
export * from './manage-templates.ts';
export * from './preview-message.ts';
export * from './send-error.ts';
export * from './email-sender.ts';
export * from './sms-sender.ts';
