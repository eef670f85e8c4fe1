export * from './deps.ts';
export * from './checkout-session.ts';
export * from './ensure-customer.ts';
export * from './create-link.ts';
export * from './open-link.ts';
export * from './manage-link.ts';
export * from './apply-payment-event.ts';
export * from './expiring-cards.ts';
