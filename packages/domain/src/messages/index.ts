export * from './message.ts';
export * from './message-ports.ts';
export * from './queue-messages.ts';
export * from './quiet-hours.ts';
export * from './send-message.ts';
export * from './delivery.ts';
export * from './bulk-ports.ts';
export * from './bulk-send.ts';
