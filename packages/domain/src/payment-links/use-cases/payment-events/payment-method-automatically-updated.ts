// payment_method.automatically_updated — the card network renewed a patient's card (account updater):
// the card on file follows, and pending requests to update it are cancelled (they would only confuse).
import type { PaymentEvent } from '../../payment-events.ts';
import { closeLinkInTx } from '../close-link.ts';
import type { PaymentLinkDeps } from '../deps.ts';
import { ignored, processed, WEBHOOK_ACTOR, type EventOutcome } from './event-outcome.ts';

export async function paymentMethodAutomaticallyUpdated(
  event: Extract<PaymentEvent, { type: 'card_automatically_updated' }>,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  const now = deps.clock.now();
  if (!event.customerId) return ignored(null, 'no customer');
  const patient = await deps.repos.patients.unsafeFindByStripeCustomerId(event.customerId);
  if (!patient) return ignored(null, 'no matching patient');
  if (patient.cardPaymentMethodId && patient.cardPaymentMethodId !== event.paymentMethodId) {
    return ignored(patient.organizationId, 'not the card on file');
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
      actor: WEBHOOK_ACTOR,
      action: 'card.update',
      entityType: 'patient',
      entityId: current.id,
      requestId: null,
      occurredAt: now,
      data: { source: 'account_updater', last4: event.last4 },
    });
    for (const item of pending.items) {
      const link = await tx.links.findByIdForUpdate(item.organizationId, item.id);
      if (!link) continue;
      await closeLinkInTx(
        tx,
        link,
        {
          kind: 'cancel',
          actor: WEBHOOK_ACTOR,
          requestId: null,
          reason: { reason: 'card renewed by the card network (account updater)' },
          now,
        },
        deps,
      );
    }
  });
  return processed(patient.organizationId);
}
