// CreateCheckoutLink and CreateCardUpdateLink: validate, make sure the patient has a Stripe
// customer, open the first Checkout Session, then store the link and enqueue its sends in one
// transaction (a send job exists exactly when its link does).
import { AppError, type FieldError } from '../../shared/app-error.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Actor } from '../../identity/actor.ts';
import { isChannel } from '../../patients/contact.ts';
import type { Patient } from '../../patients/patient.ts';
import type { Organization } from '../../organizations/organization.ts';
import { resolveCheckoutAmount } from '../resolve-checkout-amount.ts';
import { generateShortCode } from '../short-code.ts';
import { PaymentLink } from '../payment-link.ts';
import type { LineItemRecord } from '../line-item.ts';
import type { LinkType } from '../link-type.ts';
import type { LinkRepos } from '../payment-link-ports.ts';
import { createSessionFor } from './checkout-session.ts';
import { ensureStripeCustomer } from './ensure-customer.ts';
import type { PaymentLinkDeps } from './deps.ts';
import type { Message } from '../../messaging/message.ts';
import { queueLinkMessages, type QueuedMessages } from '../../messaging/queue-messages.ts';
import type { MinorUnits } from '../../money/money.ts';

type Common = {
  organizationId: string;
  actor: Actor;
  createdByUserId: string | null;
  requestId: string | null;
  patientId: string;
  providerId?: string | null;
  expiresInHours?: number;
  sendVia?: readonly string[];
  customMessage?: string | null;
  regeneratedFromLinkId?: string | null;
  bulkBatchId?: string | null;
  /** Opaque references kept on the link (never sent to Stripe). */
  metadata?: Record<string, string>;
};

export type CreateCheckoutLinkInput = Common & {
  amount?: unknown;
  items?: ReadonlyArray<{ name?: unknown; price?: unknown; quantity?: unknown }> | null;
  description?: string | null;
  currency?: string;
};

export type CreateCardUpdateLinkInput = Common & {
  /** Optional in the API; when given it must be the patient's own Stripe customer. */
  customerId?: string | null;
  reason?: string | null;
};

export type CreatedLink = {
  link: PaymentLink;
  organization: Organization;
  patient: Patient;
  shortUrl: string;
  /** Every message decided for the link: queued, scheduled for texting hours, or refused (and why). */
  messages: Message[];
  /** Where the messages that will go are going, as the spec's response shows. */
  sentTo: { email: string | null; phone: string | null };
};

async function resolveParties(
  input: Common,
  repos: LinkRepos,
  errors: FieldError[],
): Promise<{ organization: Organization; patient: Patient | null; providerId: string | null } | null> {
  const organization = await repos.organizations.findById(input.organizationId);
  if (!organization) return null;
  const patientId = input.patientId.trim();
  const patient = patientId ? await repos.patients.findById(input.organizationId, patientId) : null;
  if (!patientId) errors.push({ field: 'patientId', message: 'Choose a patient' });
  else if (!patient)
    errors.push({ field: 'patientId', message: 'No patient with this id in your organization' });

  let providerId: string | null = null;
  if (input.providerId) {
    const provider = await repos.providers.findById(input.organizationId, input.providerId);
    if (!provider)
      errors.push({ field: 'providerId', message: 'No provider with this id in your organization' });
    else providerId = provider.id;
  } else {
    // Default: the signed-in provider's own record, else the organization's first active provider.
    const providers = (await repos.providers.listByOrganization(input.organizationId)).filter(
      (p) => p.active,
    );
    const actor = input.actor;
    const own = actor.type === 'user' ? providers.find((p) => p.userId === actor.userId) : undefined;
    providerId = (own ?? providers[0])?.id ?? null;
  }
  for (const channel of input.sendVia ?? []) {
    if (!isChannel(channel))
      errors.push({ field: 'sendVia', message: `Unknown channel "${channel}": use email or sms` });
  }
  return { organization, patient, providerId };
}

async function finishCreate(
  link: PaymentLink,
  parties: { organization: Organization; patient: Patient },
  input: Common,
  deps: PaymentLinkDeps,
): Promise<Result<CreatedLink, AppError>> {
  const now = deps.clock.now();
  const session = await createSessionFor(link, parties.organization, deps, now);
  if (!session.ok) return err(session.error);
  const attached = link.attachSession(
    { id: session.value.sessionId, url: session.value.url, expiresAt: session.value.expiresAt },
    now,
  );
  if (!attached.ok) return err(attached.error);

  let queued: QueuedMessages = { messages: [], sentTo: { email: null, phone: null } };
  await deps.uow.run(async (tx) => {
    await tx.links.save(link);
    await tx.linkEvents.append({
      organizationId: link.organizationId,
      linkId: link.id,
      type: 'created',
      occurredAt: now,
      data: {
        type: link.type,
        amountMinor: link.amountMinor,
        currency: link.currency,
        sendVia: link.sendVia,
      },
    });
    await tx.audit.append({
      organizationId: link.organizationId,
      actor: input.actor,
      action: link.type === 'CHECKOUT' ? 'link.create' : 'card_update_link.create',
      entityType: 'payment_link',
      entityId: link.id,
      requestId: input.requestId,
      occurredAt: now,
      data: {
        amountMinor: link.amountMinor,
        currency: link.currency,
        regeneratedFrom: link.regeneratedFromLinkId,
      },
    });
    // One message and one send job per channel, committed with the link.
    queued = await queueLinkMessages(
      tx,
      {
        link,
        patient: parties.patient,
        organization: parties.organization,
        channels: link.sendVia,
        reason: input.bulkBatchId ? 'bulk' : 'initial',
        customMessage: link.customMessage,
        bulkBatchId: input.bulkBatchId ?? null,
        unavailable: deps.unavailableChannels,
        now,
      },
      deps.ids,
    );
  });
  return ok({
    link,
    ...parties,
    shortUrl: deps.urls.shortUrl(parties.organization, link.shortCode),
    messages: queued.messages,
    sentTo: queued.sentTo,
  });
}

async function createLink(
  input: Common & {
    type: LinkType;
    amountMinor: MinorUnits | null;
    lineItems: LineItemRecord[];
    description: string | null;
    currency: string | undefined;
  },
  parties: { organization: Organization; patient: Patient; providerId: string | null },
  deps: PaymentLinkDeps,
): Promise<Result<CreatedLink, AppError>> {
  const customer = await ensureStripeCustomer(parties.patient, deps);
  if (!customer.ok) return err(customer.error);
  const created = PaymentLink.create({
    id: deps.ids.uuid(),
    organizationId: input.organizationId,
    providerId: parties.providerId,
    patientId: parties.patient.id,
    createdByUserId: input.createdByUserId,
    type: input.type,
    currency: input.currency ?? parties.organization.defaultCurrency,
    amountMinor: input.amountMinor,
    lineItems: input.lineItems,
    description: input.description,
    shortCode: generateShortCode(deps.random),
    ...(input.expiresInHours !== undefined ? { expiresInHours: input.expiresInHours } : {}),
    now: deps.clock.now(),
    sendVia: input.sendVia ?? [],
    customMessage: input.customMessage ?? null,
    stripeCustomerId: customer.value,
    ...(input.metadata ? { metadata: input.metadata } : {}),
  });
  if (!created.ok) return err(created.error);
  created.value.link.regeneratedFromLinkId = input.regeneratedFromLinkId ?? null;
  return finishCreate(created.value.link, parties, input, deps);
}

export async function createCheckoutLink(
  input: CreateCheckoutLinkInput,
  deps: PaymentLinkDeps,
): Promise<Result<CreatedLink, AppError>> {
  const errors: FieldError[] = [];
  const parties = await resolveParties(input, deps.repos, errors);
  if (!parties) return err(AppError.notFound('Organization'));
  const currency = input.currency ?? parties.organization.defaultCurrency;
  const amount = resolveCheckoutAmount({
    amount: input.amount,
    items: input.items ?? null,
    currency,
    maxMinor: deps.moneyMaxMinor,
  });
  if (!amount.ok) errors.push(...amount.error.fieldErrors);
  if (parties.providerId === null && !errors.some((e) => e.field === 'providerId')) {
    errors.push({ field: 'providerId', message: 'Add a provider to your organization first' });
  }
  if (errors.length > 0 || !amount.ok || !parties.patient) return err(AppError.validationErrors(errors));
  return createLink(
    {
      ...input,
      type: 'CHECKOUT',
      amountMinor: amount.value.amountMinor,
      lineItems: amount.value.lineItems,
      description: input.description ?? null,
      currency,
    },
    { ...parties, patient: parties.patient },
    deps,
  );
}

export const CARD_UPDATE_LINK_HOURS = 30 * 24;

export async function createCardUpdateLink(
  input: CreateCardUpdateLinkInput,
  deps: PaymentLinkDeps,
): Promise<Result<CreatedLink, AppError>> {
  const errors: FieldError[] = [];
  const parties = await resolveParties(input, deps.repos, errors);
  if (!parties) return err(AppError.notFound('Organization'));
  if (parties.patient && input.customerId && input.customerId !== parties.patient.stripeCustomerId) {
    errors.push({ field: 'customerId', message: "This is not the patient's Stripe customer" });
  }
  if (input.reason && input.reason.length > 200) {
    errors.push({ field: 'reason', message: 'Reason must be at most 200 characters' });
  }
  if (errors.length > 0 || !parties.patient) return err(AppError.validationErrors(errors));
  return createLink(
    {
      ...input,
      type: 'CARD_UPDATE',
      amountMinor: null,
      lineItems: [],
      description: input.reason ?? null,
      currency: parties.organization.defaultCurrency,
      expiresInHours: input.expiresInHours ?? CARD_UPDATE_LINK_HOURS,
    },
    { ...parties, patient: parties.patient },
    deps,
  );
}
