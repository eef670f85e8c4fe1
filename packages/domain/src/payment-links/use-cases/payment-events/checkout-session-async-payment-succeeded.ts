// checkout.session.async_payment_succeeded — a delayed payment (a bank debit) cleared after checkout:
// the same completion as a card paid at once; whichever of the two events arrives first does it.
import type { PaymentEvent } from '../../payment-events.ts';
import type { PaymentLinkDeps } from '../deps.ts';
import { completeCheckout } from './complete-checkout.ts';
import type { EventOutcome } from './event-outcome.ts';

export function checkoutSessionAsyncPaymentSucceeded(
  event: Extract<PaymentEvent, { type: 'checkout_async_succeeded' }>,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  return completeCheckout(event, deps);
}
