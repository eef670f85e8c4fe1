// checkout.session.completed — the patient finished checkout: paid (or still processing, for delayed
// methods), or saved a card.
import type { PaymentEvent } from '../../payment-events.ts';
import type { PaymentLinkDeps } from '../deps.ts';
import { completeCheckout } from './complete-checkout.ts';
import type { EventOutcome } from './event-outcome.ts';

export function checkoutSessionCompleted(
  event: Extract<PaymentEvent, { type: 'checkout_completed' }>,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  return completeCheckout(event, deps);
}
