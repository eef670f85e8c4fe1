// A failed payment attempt on a link that is still payable: the link stays ACTIVE with the failure
// visible, a FAILED payment row for the payment intent (once), the timeline, the audit log and the
// provider's notice. A link already paid or closed keeps its state: a late failure changes nothing.
import type { PaymentLink } from '../../payment-link.ts';
import type { PaymentLinkDeps } from '../deps.ts';
import { notifyLinkProvider } from '../notify-provider.ts';
import { processed, WEBHOOK_ACTOR, type EventOutcome } from './event-outcome.ts';
import { newPayment } from './payment-record.ts';
import { ZERO_MINOR } from '../../../money/money.ts';

export type PaymentFailure = {
  paymentIntentId: string | null;
  /** The decline code (or our own, e.g. async_payment_failed) and the sentence staff read. */
  code: string;
  message: string;
};

export async function recordPaymentFailure(
  link: PaymentLink,
  failure: PaymentFailure,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  const { code, message, paymentIntentId } = failure;
  const now = deps.clock.now();
  await deps.uow.run(async (tx) => {
    const locked = await tx.links.findByIdForUpdate(link.organizationId, link.id);
    if (!locked || locked.status !== 'ACTIVE') return;
    const recorded = locked.recordPaymentFailure({ code, message, now });
    if (!recorded.ok) return;
    await tx.links.save(locked);
    if (paymentIntentId) {
      const existing = await tx.payments.findByPaymentIntentId(locked.organizationId, paymentIntentId);
      if (!existing) {
        const payment = newPayment(locked, {
          id: deps.ids.uuid(),
          paymentIntentId,
          status: 'FAILED',
          amountMinor: locked.amountMinor ?? ZERO_MINOR,
          now,
        });
        payment.failureCode = code;
        payment.failureMessage = message;
        await tx.payments.save(payment);
      } else if (existing.status === 'FAILED') {
        existing.failureCode = code;
        existing.failureMessage = message;
        existing.updatedAt = now;
        await tx.payments.save(existing);
      }
    }
    await tx.linkEvents.append({
      organizationId: locked.organizationId,
      linkId: locked.id,
      type: 'payment_failed',
      occurredAt: now,
      data: { code },
    });
    await tx.audit.append({
      organizationId: locked.organizationId,
      actor: WEBHOOK_ACTOR,
      action: 'link.payment_failed',
      entityType: 'payment_link',
      entityId: locked.id,
      requestId: null,
      occurredAt: now,
      data: { code },
    });
    await notifyLinkProvider(tx, locked, {
      type: 'payment_failed',
      title: 'A patient’s payment attempt failed',
      at: now,
    });
  });
  return processed(link.organizationId);
}
