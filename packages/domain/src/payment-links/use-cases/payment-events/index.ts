export { applyPaymentEvent } from './apply-payment-event.ts';
export type { EventOutcome } from './event-outcome.ts';
