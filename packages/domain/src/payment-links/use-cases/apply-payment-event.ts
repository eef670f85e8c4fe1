// What each payment event means for our links, payments and cards. Every handler is idempotent and
// order-independent: events are matched to links by our own id (never by customer — the seed's
// updateMany-by-customer marked the wrong links paid), replays change nothing, an `expired` after a
// `completed` changes nothing, and an event that depends on one not yet seen asks to be retried.
import { Payment } from '../../payments/payment.ts';
import { assertNever } from '../../shared/assert-never.ts';
import type { PaymentLink } from '../payment-link.ts';
import type { PaymentEvent } from '../payment-events.ts';
import { closeLinkInTx } from './close-link.ts';
import { RetryLater, type PaymentLinkDeps } from './deps.ts';
import { notifyLinkProvider } from './notify-provider.ts';

export type EventOutcome = { status: 'processed' | 'ignored'; organizationId: string | null; note?: string };

const WEBHOOK = { type: 'webhook', provider: 'stripe' } as const;

async function linkFor(
  linkId: string | null,
  organizationId: string | null,
  deps: PaymentLinkDeps,
): Promise<PaymentLink | null> {
  if (!linkId) return null;
  const link = await deps.repos.links.unsafeFindByIdForWebhook(linkId);
  // Metadata names the tenant too; a mismatch means the event is not about this link.
  if (!link || (organizationId && organizationId !== link.organizationId)) return null;
  return link;
}

async function completePayment(
  event: Extract<PaymentEvent, { type: 'checkout_completed' }>,
  found: PaymentLink,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  const org = found.organizationId;
  if (!event.paid || !event.paymentIntentId)
    return { status: 'ignored', organizationId: org, note: 'payment still processing' };
  const intent = await deps.gateway.retrievePaymentIntent(event.paymentIntentId);
  if (!intent.ok) throw new RetryLater(`payment intent: ${intent.error.message}`);
  const charge = intent.value.latestChargeId
    ? await deps.gateway.retrieveCharge(intent.value.latestChargeId)
    : null;
  if (charge && !charge.ok) throw new RetryLater(`charge: ${charge.error.message}`);
  const chargeDetails = charge?.ok ? charge.value : null;
  const now = deps.clock.now();
  const amountPaid = event.amountTotalMinor ?? intent.value.amountMinor;

  await deps.uow.run(async (tx) => {
    const link = await tx.links.findByIdForUpdate(org, found.id);
    if (!link) return;
    const result = link.complete({
      now,
      paymentIntentId: event.paymentIntentId,
      amountPaidMinor: amountPaid,
      receiptUrl: chargeDetails?.receiptUrl ?? null,
    });
    const completedNow = result.ok && result.value.length > 0;
    // Money moved even if the link had been closed a moment earlier: record it either way.
    let payment = await tx.payments.findByPaymentIntentId(org, event.paymentIntentId!);
    if (!payment) {
      payment = new Payment();
      payment.id = deps.ids.uuid();
      payment.organizationId = org;
      payment.linkId = link.id;
      payment.patientId = link.patientId;
      payment.providerId = link.providerId;
      payment.currency = link.currency;
      payment.createdAt = now;
      payment.stripePaymentIntentId = event.paymentIntentId;
    }
    if (
      payment.status !== 'SUCCEEDED' &&
      payment.status !== 'REFUNDED' &&
      payment.status !== 'PARTIALLY_REFUNDED'
    ) {
      payment.status = 'SUCCEEDED';
    }
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
        actor: WEBHOOK,
        action: 'link.pay',
        entityType: 'payment_link',
        entityId: link.id,
        requestId: null,
        occurredAt: now,
        data: { amountMinor: amountPaid, currency: link.currency },
      });
      await notifyLinkProvider(tx, link, { type: 'link_paid', title: 'A payment link was paid', at: now });
    } else if (!result.ok) {
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
  return { status: 'processed', organizationId: org };
}

function applyRefund(payment: Payment, link: PaymentLink, totalRefundedMinor: number, now: Date): void {
  payment.refundedMinor = Math.max(payment.refundedMinor, Math.min(totalRefundedMinor, payment.amountMinor));
  payment.status =
    payment.refundedMinor >= payment.amountMinor
      ? 'REFUNDED'
      : payment.refundedMinor > 0
        ? 'PARTIALLY_REFUNDED'
        : payment.status;
  payment.updatedAt = now;
  link.recordRefund({ totalRefundedMinor: payment.refundedMinor, now });
}

async function completeSetup(
  setupIntentId: string,
  found: PaymentLink,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  const org = found.organizationId;
  const intent = await deps.gateway.retrieveSetupIntent(setupIntentId);
  if (!intent.ok) throw new RetryLater(`setup intent: ${intent.error.message}`);
  if (intent.value.status !== 'succeeded' || !intent.value.paymentMethodId) {
    return { status: 'ignored', organizationId: org, note: `setup intent is ${intent.value.status}` };
  }
  const method = await deps.gateway.retrievePaymentMethod(intent.value.paymentMethodId);
  if (!method.ok) throw new RetryLater(`payment method: ${method.error.message}`);
  const customerId = intent.value.customerId ?? found.stripeCustomerId;
  if (customerId) {
    const setDefault = await deps.gateway.setDefaultPaymentMethod(customerId, method.value.paymentMethodId);
    if (!setDefault.ok) throw new RetryLater(`default payment method: ${setDefault.error.message}`);
  }
  const now = deps.clock.now();
  await deps.uow.run(async (tx) => {
    const link = await tx.links.findByIdForUpdate(org, found.id);
    if (!link) return;
    const result = link.complete({ now, setupIntentId });
    const patient = await tx.patients.findById(org, link.patientId);
    if (patient) {
      patient.setCardOnFile({
        brand: method.value.brand,
        last4: method.value.last4,
        expMonth: method.value.expMonth,
        expYear: method.value.expYear,
        paymentMethodId: method.value.paymentMethodId,
        now,
      });
      await tx.patients.save(patient);
    }
    await tx.links.save(link);
    if (result.ok && result.value.length > 0) {
      await tx.linkEvents.append({
        organizationId: org,
        linkId: link.id,
        type: 'card_saved',
        occurredAt: now,
        data: { brand: method.value.brand, last4: method.value.last4 },
      });
      await tx.audit.append({
        organizationId: org,
        actor: WEBHOOK,
        action: 'card.update',
        entityType: 'patient',
        entityId: link.patientId,
        requestId: null,
        occurredAt: now,
        data: { linkId: link.id, brand: method.value.brand, last4: method.value.last4 },
      });
      await notifyLinkProvider(tx, link, {
        type: 'card_updated',
        title: 'A patient updated their card on file',
        at: now,
      });
    }
  });
  return { status: 'processed', organizationId: org };
}

export async function applyPaymentEvent(event: PaymentEvent, deps: PaymentLinkDeps): Promise<EventOutcome> {
  const now = deps.clock.now();
  switch (event.type) {
    case 'checkout_completed': {
      const link = await linkFor(event.linkId, event.organizationId, deps);
      if (!link) return { status: 'ignored', organizationId: null, note: 'no matching link' };
      if (event.mode === 'setup') {
        if (!event.setupIntentId)
          return { status: 'ignored', organizationId: link.organizationId, note: 'no setup intent' };
        return completeSetup(event.setupIntentId, link, deps);
      }
      return completePayment(event, link, deps);
    }
    case 'setup_succeeded': {
      const link = await linkFor(event.linkId, null, deps);
      if (!link || link.type !== 'CARD_UPDATE')
        return {
          status: 'ignored',
          organizationId: link?.organizationId ?? null,
          note: 'no matching card-update link',
        };
      return completeSetup(event.setupIntentId, link, deps);
    }
    case 'checkout_expired': {
      const link = await linkFor(event.linkId, null, deps);
      if (!link) return { status: 'ignored', organizationId: null, note: 'no matching link' };
      await deps.uow.run(async (tx) => {
        const locked = await tx.links.findByIdForUpdate(link.organizationId, link.id);
        if (locked?.forgetSession(event.sessionId, now)) {
          await tx.links.save(locked);
          await tx.linkEvents.append({
            organizationId: locked.organizationId,
            linkId: locked.id,
            type: 'session_expired',
            occurredAt: now,
          });
        }
      });
      return { status: 'processed', organizationId: link.organizationId };
    }
    case 'payment_failed':
    case 'checkout_async_failed': {
      const link = await linkFor(event.linkId, null, deps);
      if (!link) return { status: 'ignored', organizationId: null, note: 'no matching link' };
      const code =
        event.type === 'payment_failed'
          ? (event.declineCode ?? event.code ?? 'payment_failed')
          : 'async_payment_failed';
      const message =
        event.type === 'payment_failed'
          ? (event.message ?? 'The payment failed')
          : 'The delayed payment failed';
      await deps.uow.run(async (tx) => {
        const locked = await tx.links.findByIdForUpdate(link.organizationId, link.id);
        if (!locked || locked.status !== 'ACTIVE') return;
        const recorded = locked.recordPaymentFailure({ code, message, now });
        if (!recorded.ok) return;
        await tx.links.save(locked);
        if (event.paymentIntentId) {
          const existing = await tx.payments.findByPaymentIntentId(
            locked.organizationId,
            event.paymentIntentId,
          );
          if (!existing) {
            const payment = new Payment();
            Object.assign(payment, {
              id: deps.ids.uuid(),
              organizationId: locked.organizationId,
              linkId: locked.id,
              patientId: locked.patientId,
              providerId: locked.providerId,
              status: 'FAILED',
              currency: locked.currency,
              amountMinor: locked.amountMinor ?? 0,
              stripePaymentIntentId: event.paymentIntentId,
              createdAt: now,
              updatedAt: now,
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
          actor: WEBHOOK,
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
      return { status: 'processed', organizationId: link.organizationId };
    }
    case 'charge_refunded': {
      if (!event.paymentIntentId)
        return { status: 'ignored', organizationId: null, note: 'charge without payment intent' };
      const payment = await deps.repos.payments.unsafeFindByPaymentIntentId(event.paymentIntentId);
      if (!payment) {
        // The refund can arrive before the completion it refunds: wait for that one.
        throw new RetryLater('refund for a payment not recorded yet');
      }
      await deps.uow.run(async (tx) => {
        const link = await tx.links.findByIdForUpdate(payment.organizationId, payment.linkId);
        const current = await tx.payments.findByPaymentIntentId(
          payment.organizationId,
          event.paymentIntentId!,
        );
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
          actor: WEBHOOK,
          action: 'link.refund',
          entityType: 'payment_link',
          entityId: link.id,
          requestId: null,
          occurredAt: now,
          data: { totalRefundedMinor: current.refundedMinor },
        });
      });
      return { status: 'processed', organizationId: payment.organizationId };
    }
    case 'card_automatically_updated': {
      if (!event.customerId) return { status: 'ignored', organizationId: null, note: 'no customer' };
      const patient = await deps.repos.patients.unsafeFindByStripeCustomerId(event.customerId);
      if (!patient) return { status: 'ignored', organizationId: null, note: 'no matching patient' };
      if (patient.cardPaymentMethodId && patient.cardPaymentMethodId !== event.paymentMethodId) {
        return { status: 'ignored', organizationId: patient.organizationId, note: 'not the card on file' };
      }
      const pending = await deps.repos.links.list({
        organizationId: patient.organizationId,
        status: 'ACTIVE',
        type: 'CARD_UPDATE',
        patientId: patient.id,
        limit: 100,
        offset: 0,
      });
      await deps.uow.run(async (tx) => {
        const current = await tx.patients.findById(patient.organizationId, patient.id);
        if (!current) return;
        current.setCardOnFile({
          brand: event.brand,
          last4: event.last4,
          expMonth: event.expMonth,
          expYear: event.expYear,
          paymentMethodId: event.paymentMethodId,
          now,
        });
        await tx.patients.save(current);
        await tx.audit.append({
          organizationId: current.organizationId,
          actor: WEBHOOK,
          action: 'card.update',
          entityType: 'patient',
          entityId: current.id,
          requestId: null,
          occurredAt: now,
          data: { source: 'account_updater', last4: event.last4 },
        });
        // The network renewed the card: a pending request to update it would only confuse.
        for (const item of pending.items) {
          const link = await tx.links.findByIdForUpdate(item.organizationId, item.id);
          if (!link) continue;
          await closeLinkInTx(
            tx,
            link,
            {
              kind: 'cancel',
              actor: WEBHOOK,
              requestId: null,
              reason: { reason: 'card renewed by the card network (account updater)' },
              now,
            },
            deps,
          );
        }
      });
      return { status: 'processed', organizationId: patient.organizationId };
    }
    case 'ignored':
      return { status: 'ignored', organizationId: null, note: event.reason };
    default:
      return assertNever(event);
  }
}
