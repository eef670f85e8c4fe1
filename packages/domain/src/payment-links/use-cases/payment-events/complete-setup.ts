// A saved card (a card-update link's setup): the card becomes the customer's default at Stripe and
// the patient's card on file here; the link completes, with its timeline, audit row and notice.
import type { PaymentLink } from '../../payment-link.ts';
import type { PaymentLinkDeps } from '../deps.ts';
import { notifyLinkProvider } from '../notify-provider.ts';
import { ignored, processed, WEBHOOK_ACTOR, type EventOutcome } from './event-outcome.ts';
import { needed } from './gateway-read.ts';

export async function completeSetup(
  setupIntentId: string,
  found: PaymentLink,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  const org = found.organizationId;
  const intent = needed(await deps.gateway.retrieveSetupIntent(setupIntentId), 'setup intent', org);
  if (intent.status !== 'succeeded' || !intent.paymentMethodId) {
    return ignored(org, `setup intent is ${intent.status}`);
  }
  const method = needed(
    await deps.gateway.retrievePaymentMethod(intent.paymentMethodId),
    'payment method',
    org,
  );
  const customerId = intent.customerId ?? found.stripeCustomerId;
  if (customerId) {
    needed(
      await deps.gateway.setDefaultPaymentMethod(customerId, method.paymentMethodId),
      'default payment method',
      org,
    );
  }
  const now = deps.clock.now();
  await deps.uow.run(async (tx) => {
    const link = await tx.links.findByIdForUpdate(org, found.id);
    if (!link) return;
    const result = link.complete({ now, setupIntentId });
    const patient = await tx.patients.findById(org, link.patientId);
    if (patient) {
      patient.setCardOnFile({
        brand: method.brand,
        last4: method.last4,
        expMonth: method.expMonth,
        expYear: method.expYear,
        paymentMethodId: method.paymentMethodId,
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
        data: { brand: method.brand, last4: method.last4 },
      });
      await tx.audit.append({
        organizationId: org,
        actor: WEBHOOK_ACTOR,
        action: 'card.update',
        entityType: 'patient',
        entityId: link.patientId,
        requestId: null,
        occurredAt: now,
        data: { linkId: link.id, brand: method.brand, last4: method.last4 },
      });
      await notifyLinkProvider(tx, link, {
        type: 'card_updated',
        title: 'A patient updated their card on file',
        at: now,
      });
    }
  });
  return processed(org);
}
