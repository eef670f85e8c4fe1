// The expiring-card scan: patients whose card on file expires this month or next get a card-update
// link (Checkout in setup mode) by their preferred channel — unless one is already pending, or the
// card network already renewed the card (then its expiry is no longer near). Admins can dry-run it.
import type { Actor } from '../../identity/actor.ts';
import type { Patient } from '../../patients/patient.ts';
import { AppError } from '../../shared/app-error.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { createCardUpdateLink } from './create-link.ts';
import type { PaymentLinkDeps } from './deps.ts';
import { gatewayFailure } from './checkout-session.ts';

export type ExpiringCardCandidate = {
  patientId: string;
  patientName: string;
  card: { brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null };
  action: 'send' | 'skip';
  reason: string | null;
  channels: string[];
  linkId?: string;
};

function channelsFor(patient: Patient): string[] {
  const available = [patient.canReceiveEmail ? 'email' : null, patient.canReceiveSms ? 'sms' : null].filter(
    (c): c is string => c !== null,
  );
  if (patient.preferredChannel && available.includes(patient.preferredChannel))
    return [patient.preferredChannel];
  return available.slice(0, 1);
}

export async function scanExpiringCards(
  input: { organizationId: string; dryRun: boolean; actor: Actor; requestId: string | null },
  deps: PaymentLinkDeps,
): Promise<Result<ExpiringCardCandidate[], AppError>> {
  const now = deps.clock.now();
  // "This month or next", in calendar months (UTC): a card is valid through its expiry month.
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const patients = await deps.repos.patients.listWithCardExpiringBetween(
    input.organizationId,
    { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 },
    { year: nextMonth.getUTCFullYear(), month: nextMonth.getUTCMonth() + 1 },
  );
  const pending = await deps.repos.links.activeCardUpdatePatientIds(
    input.organizationId,
    patients.map((p) => p.id),
  );
  const results: ExpiringCardCandidate[] = [];
  for (const patient of patients) {
    const channels = channelsFor(patient);
    const candidate: ExpiringCardCandidate = {
      patientId: patient.id,
      patientName: patient.name,
      card: {
        brand: patient.cardBrand,
        last4: patient.cardLast4,
        expMonth: patient.cardExpMonth,
        expYear: patient.cardExpYear,
      },
      action: 'send',
      reason: null,
      channels,
    };
    if (pending.has(patient.id))
      Object.assign(candidate, { action: 'skip', reason: 'a card-update link is already pending' });
    else if (channels.length === 0)
      Object.assign(candidate, { action: 'skip', reason: 'no email or phone we may contact' });
    results.push(candidate);
  }
  if (input.dryRun) return ok(results);

  for (const candidate of results.filter((c) => c.action === 'send')) {
    const created = await createCardUpdateLink(
      {
        organizationId: input.organizationId,
        actor: input.actor,
        createdByUserId: input.actor.type === 'user' ? input.actor.userId : null,
        requestId: input.requestId,
        patientId: candidate.patientId,
        reason: 'Card expiring soon',
        sendVia: candidate.channels,
      },
      deps,
    );
    if (created.ok) candidate.linkId = created.value.link.id;
    else Object.assign(candidate, { action: 'skip', reason: created.error.message });
  }
  return ok(results);
}

/** Refreshes our copy of the card on file from Stripe: the customer's default card, else its newest. */
export async function syncCardOnFile(
  input: { organizationId: string; patientId: string },
  deps: PaymentLinkDeps,
): Promise<Result<Patient, AppError>> {
  const patient = await deps.repos.patients.findById(input.organizationId, input.patientId);
  if (!patient) return err(AppError.notFound('Patient'));
  if (!patient.stripeCustomerId) return ok(patient);
  const methods = await deps.gateway.listPaymentMethods(patient.stripeCustomerId);
  if (!methods.ok) return err(gatewayFailure(methods.error));
  const card = methods.value.find((m) => m.isDefault) ?? methods.value[0];
  if (card) {
    patient.setCardOnFile({
      brand: card.brand,
      last4: card.last4,
      expMonth: card.expMonth,
      expYear: card.expYear,
      paymentMethodId: card.paymentMethodId,
      now: deps.clock.now(),
    });
    await deps.repos.patients.save(patient);
  }
  return ok(patient);
}
