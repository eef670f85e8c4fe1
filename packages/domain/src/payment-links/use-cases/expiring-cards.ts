// The expiring-card scan: patients whose card on file expires this month or next get a card-update
// link (Checkout in setup mode) by their preferred channel — unless one is already pending, or the
// card network already renewed the card (then its expiry is no longer near). Admins can dry-run it.
import type { Actor } from '../../identity/actor.ts';
import type { Patient } from '../../patients/patient.ts';
import { AppError } from '../../shared/app-error.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { createCardUpdateLink } from './create-link.ts';
import type { PaymentLinkDeps } from './deps.ts';
import type { Message } from '../../messaging/message.ts';
import { contactCapReason, WEEK_MS } from '../../messaging/send-rules.ts';
import { replaceMissingCustomer } from './ensure-customer.ts';
import { CUSTOMER_DELETED_MESSAGE, gatewayFailure } from './gateway-failure.ts';

export type ExpiringCardCandidate = {
  patientId: string;
  patientName: string;
  card: { brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null };
  action: 'send' | 'skip';
  reason: string | null;
  channels: string[];
  linkId?: string;
  /** What happened to the link's messages (sent, held for texting hours, refused and why). */
  messages: Message[];
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
  const ids = patients.map((p) => p.id);
  const [organization, pending, contacts] = await Promise.all([
    deps.repos.organizations.findById(input.organizationId),
    deps.repos.links.activeCardUpdatePatientIds(input.organizationId, ids),
    deps.repos.messages.countContactsToPatientsSince(
      input.organizationId,
      ids,
      new Date(now.getTime() - WEEK_MS),
    ),
  ]);
  if (!organization) return err(AppError.notFound('Organization'));
  const cap = organization.settings.contactCapPerWeek;
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
      messages: [],
    };
    if (pending.has(patient.id))
      Object.assign(candidate, { action: 'skip', reason: 'a card-update link is already pending' });
    else if (channels.length === 0)
      Object.assign(candidate, { action: 'skip', reason: 'no email or phone we may contact' });
    // A link nobody would be told about would only block the next scan (it counts as pending).
    else if ((contacts.get(patient.id) ?? 0) >= cap)
      Object.assign(candidate, { action: 'skip', reason: contactCapReason(cap) });
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
    if (created.ok)
      Object.assign(candidate, { linkId: created.value.link.id, messages: created.value.messages });
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
  if (!methods.ok && methods.error.code === 'resource_missing') {
    // The customer (and its cards) is gone at Stripe: the next link needs a new one, made now.
    const replaced = await replaceMissingCustomer(patient, patient.stripeCustomerId, deps);
    return err(replaced.ok ? AppError.providerPermanent(CUSTOMER_DELETED_MESSAGE) : replaced.error);
  }
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
