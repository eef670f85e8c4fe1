// A paid Checkout Session: the link completed, the payment recorded once (with its charge's receipt
// and any refund already made), the timeline, the audit log and the provider's notice — or, when the
// link had been closed a moment earlier, the money recorded anyway and the clinic told to review it.
import type { CheckoutSessionFinished } from '../../payment-events.ts';
import type { PaymentLink } from '../../payment-link.ts';
import type { PaymentLinkDeps } from '../deps.ts';
import { notifyLinkProvider } from '../notify-provider.ts';
import { ignored, processed, WEBHOOK_ACTOR, type EventOutcome } from './event-outcome.ts';
import { needed } from './gateway-read.ts';
import { applyRefund, newPayment, refuseForeignPayment } from './payment-record.ts';

export async function completePayment(
  event: CheckoutSessionFinished,
  found: PaymentLink,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  const org = found.organizationId;
  if (!event.paid || !event.paymentIntentId) return ignored(org, 'payment still processing');
  const paymentIntentId = event.paymentIntentId;
  refuseForeignPayment(await deps.repos.payments.unsafeFindByPaymentIntentId(paymentIntentId), found.id, org);
  const intent = needed(await deps.gateway.retrievePaymentIntent(paymentIntentId), 'payment intent', org);
  const chargeDetails = intent.latestChargeId
    ? needed(await deps.gateway.retrieveCharge(intent.latestChargeId), 'charge', org)
    : null;
  const now = deps.clock.now();
  const amountPaid = event.amountTotalMinor ?? intent.amountMinor;

  await deps.uow.run(async (tx) => {
    const link = await tx.links.findByIdForUpdate(org, found.id);
    if (!link) return;
    // Checked again under the lock: a concurrent event may have recorded it meanwhile.
    let payment = await tx.payments.findByPaymentIntentId(org, paymentIntentId);
    refuseForeignPayment(payment, link.id, org);
    const result = link.complete({
      now,
      paymentIntentId,
      amountPaidMinor: amountPaid,
      receiptUrl: chargeDetails?.receiptUrl ?? null,
    });
    const completedNow = result.ok && result.value.length > 0;
    // Money moved even if the link had been closed a moment earlier: record it either way.
    payment ??= newPayment(link, {
      id: deps.ids.uuid(),
      paymentIntentId,
      status: 'SUCCEEDED',
      amountMinor: amountPaid,
      now,
    });
    // A replay (a redelivered event, or reconcile finding what the event already applied) must not
    // announce the same late payment twice.
    const firstSuccess = payment.status === 'FAILED' || payment.paidAt === null;
    if (payment.status === 'FAILED') payment.status = 'SUCCEEDED';
    payment.amountMinor = amountPaid;
    payment.paidAt ??= now;
    payment.failureCode = null;
    payment.failureMessage = null;
    payment.stripeChargeId = chargeDetails?.chargeId ?? payment.stripeChargeId;
    payment.receiptUrl = chargeDetails?.receiptUrl ?? payment.receiptUrl;
    payment.updatedAt = now;
    if (chargeDetails && chargeDetails.amountRefundedMinor > payment.refundedMinor) {
      applyRefund(payment, link, chargeDetails.amountRefundedMinor, now);
    }
    await tx.payments.save(payment);
    await tx.links.save(link);
    if (completedNow) {
      await tx.linkEvents.append({
        organizationId: org,
        linkId: link.id,
        type: 'paid',
        occurredAt: now,
        data: { amountMinor: amountPaid },
      });
      await tx.audit.append({
        organizationId: org,
        actor: WEBHOOK_ACTOR,
        action: 'link.pay',
        entityType: 'payment_link',
        entityId: link.id,
        requestId: null,
        occurredAt: now,
        data: { amountMinor: amountPaid, currency: link.currency },
      });
      await notifyLinkProvider(tx, link, { type: 'link_paid', title: 'A payment link was paid', at: now });
    } else if (!result.ok && firstSuccess) {
      await tx.linkEvents.append({
        organizationId: org,
        linkId: link.id,
        type: 'late_payment',
        occurredAt: now,
        data: { reason: result.error.message },
      });
      await notifyLinkProvider(tx, link, {
        type: 'link_paid',
        title: 'Payment received for a link that was already closed — review and refund if needed',
        at: now,
      });
    }
  });
  return processed(org);
}
