// A finished Checkout Session, whichever event says so (completed, or a delayed payment cleared, or
// the reconcile job reading the session): a payment, or in setup mode a saved card.
import type { CheckoutSessionFinished } from '../../payment-events.ts';
import type { PaymentLinkDeps } from '../deps.ts';
import { completePayment } from './complete-payment.ts';
import { completeSetup } from './complete-setup.ts';
import { linkForEvent } from './event-link.ts';
import { ignored, type EventOutcome } from './event-outcome.ts';

export async function completeCheckout(
  event: CheckoutSessionFinished,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  const link = await linkForEvent(event.linkId, event.organizationId, deps);
  if (!link) return ignored(null, 'no matching link');
  if (event.mode === 'setup') {
    if (!event.setupIntentId) return ignored(link.organizationId, 'no setup intent');
    return completeSetup(event.setupIntentId, link, deps);
  }
  return completePayment(event, link, deps);
}
