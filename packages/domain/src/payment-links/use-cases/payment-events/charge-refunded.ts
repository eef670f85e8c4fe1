// charge.refunded — a full or partial refund made at Stripe: the payment's and the link's refunded
// total move up (never down: refund events carry the running total and may arrive out of order).
import type { PaymentEvent } from '../../payment-events.ts';
import { RetryLater, type PaymentLinkDeps } from '../deps.ts';
import { ignored, processed, WEBHOOK_ACTOR, type EventOutcome } from './event-outcome.ts';
import { applyRefund } from './payment-record.ts';

export async function chargeRefunded(
  event: Extract<PaymentEvent, { type: 'charge_refunded' }>,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  const now = deps.clock.now();
  const paymentIntentId = event.paymentIntentId;
  if (!paymentIntentId) return ignored(null, 'charge without payment intent');
  const payment = await deps.repos.payments.unsafeFindByPaymentIntentId(paymentIntentId);
  if (!payment) {
    // The refund can arrive before the completion it refunds: wait for that one.
    throw new RetryLater('refund for a payment not recorded yet');
  }
  await deps.uow.run(async (tx) => {
    const link = await tx.links.findByIdForUpdate(payment.organizationId, payment.linkId);
    const current = await tx.payments.findByPaymentIntentId(payment.organizationId, paymentIntentId);
    if (!link || !current || event.amountRefundedMinor <= current.refundedMinor) return;
    if (link.status === 'ACTIVE') throw new RetryLater('refund before the link was completed');
    applyRefund(current, link, event.amountRefundedMinor, now);
    await tx.payments.save(current);
    await tx.links.save(link);
    await tx.linkEvents.append({
      organizationId: link.organizationId,
      linkId: link.id,
      type: 'refunded',
      occurredAt: now,
      data: { totalRefundedMinor: current.refundedMinor },
    });
    await tx.audit.append({
      organizationId: link.organizationId,
      actor: WEBHOOK_ACTOR,
      action: 'link.refund',
      entityType: 'payment_link',
      entityId: link.id,
      requestId: null,
      occurredAt: now,
      data: { totalRefundedMinor: current.refundedMinor },
    });
  });
  return processed(payment.organizationId);
}
