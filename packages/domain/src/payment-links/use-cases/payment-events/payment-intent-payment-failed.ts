// payment_intent.payment_failed — a card was declined (or failed otherwise) on the link's checkout.
// The event must name a currency we know: one that does not is a recorded failure, never a guess.
import { parseCurrency } from '../../../money/currency.ts';
import type { PaymentEvent } from '../../payment-events.ts';
import { EventCannotApply, type PaymentLinkDeps } from '../deps.ts';
import { linkForEvent } from './event-link.ts';
import { ignored, type EventOutcome } from './event-outcome.ts';
import { recordPaymentFailure } from './record-payment-failure.ts';

export async function paymentIntentPaymentFailed(
  event: Extract<PaymentEvent, { type: 'payment_failed' }>,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  const link = await linkForEvent(event.linkId, null, deps);
  if (!link) return ignored(null, 'no matching link');
  if (!parseCurrency(event.currency)) {
    const sent = event.currency === null ? 'none' : JSON.stringify(event.currency.slice(0, 16));
    throw new EventCannotApply(
      `payment intent ${event.paymentIntentId} names no currency we know (it sent ${sent})`,
      link.organizationId,
    );
  }
  return recordPaymentFailure(
    link,
    {
      paymentIntentId: event.paymentIntentId,
      code: event.declineCode ?? event.code ?? 'payment_failed',
      message: event.message ?? 'The payment failed',
    },
    deps,
  );
}
