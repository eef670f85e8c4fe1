// checkout.session.async_payment_failed — a delayed payment (a bank debit) failed after checkout.
import type { PaymentEvent } from '../../payment-events.ts';
import type { PaymentLinkDeps } from '../deps.ts';
import { linkForEvent } from './event-link.ts';
import { ignored, type EventOutcome } from './event-outcome.ts';
import { recordPaymentFailure } from './record-payment-failure.ts';

export async function checkoutSessionAsyncPaymentFailed(
  event: Extract<PaymentEvent, { type: 'checkout_async_failed' }>,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  const link = await linkForEvent(event.linkId, null, deps);
  if (!link) return ignored(null, 'no matching link');
  return recordPaymentFailure(
    link,
    {
      paymentIntentId: event.paymentIntentId,
      code: 'async_payment_failed',
      message: 'The delayed payment failed',
    },
    deps,
  );
}
