// What each payment event means for our links, payments and cards: one handler per event, chosen by an
// exhaustive switch over the closed union (a new event type does not compile until it has a handler).
// Every handler is idempotent and order-independent: events are matched to links by our own id,
// replays change nothing, an `expired` after a `completed` changes nothing, and an event that depends
// on one not yet seen asks to be retried (RetryLater). An event that can never be applied (it names
// another link's payment, a link of another clinic, a payment Stripe does not know, a currency we do
// not know) ends as `failed`, with its reason, instead of being retried forever.
import { assertNever } from '../../../shared/assert-never.ts';
import type { PaymentEvent } from '../../payment-events.ts';
import { EventCannotApply, type PaymentLinkDeps } from '../deps.ts';
import { chargeRefunded } from './charge-refunded.ts';
import { checkoutSessionAsyncPaymentFailed } from './checkout-session-async-payment-failed.ts';
import { checkoutSessionAsyncPaymentSucceeded } from './checkout-session-async-payment-succeeded.ts';
import { checkoutSessionCompleted } from './checkout-session-completed.ts';
import { checkoutSessionExpired } from './checkout-session-expired.ts';
import type { EventOutcome } from './event-outcome.ts';
import { paymentIntentPaymentFailed } from './payment-intent-payment-failed.ts';
import { paymentMethodAutomaticallyUpdated } from './payment-method-automatically-updated.ts';
import { setupIntentSucceeded } from './setup-intent-succeeded.ts';

export async function applyPaymentEvent(event: PaymentEvent, deps: PaymentLinkDeps): Promise<EventOutcome> {
  try {
    return await handle(event, deps);
  } catch (error) {
    if (error instanceof EventCannotApply)
      return { status: 'failed', organizationId: error.organizationId, note: error.message };
    throw error;
  }
}

function handle(event: PaymentEvent, deps: PaymentLinkDeps): Promise<EventOutcome> {
  switch (event.type) {
    case 'checkout_completed':
      return checkoutSessionCompleted(event, deps);
    case 'checkout_async_succeeded':
      return checkoutSessionAsyncPaymentSucceeded(event, deps);
    case 'checkout_async_failed':
      return checkoutSessionAsyncPaymentFailed(event, deps);
    case 'checkout_expired':
      return checkoutSessionExpired(event, deps);
    case 'setup_succeeded':
      return setupIntentSucceeded(event, deps);
    case 'payment_failed':
      return paymentIntentPaymentFailed(event, deps);
    case 'charge_refunded':
      return chargeRefunded(event, deps);
    case 'card_automatically_updated':
      return paymentMethodAutomaticallyUpdated(event, deps);
    default:
      return assertNever(event, 'unhandled payment event');
  }
}
