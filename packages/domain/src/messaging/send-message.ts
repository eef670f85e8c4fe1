// SendMessage — the `send-message` job: render and hand one message to its provider, exactly once.
// Before calling the provider the message is marked `sending` in its own committed transaction;
// a job that finds a message already past `queued` does not send it again. Transient provider
// errors are retried here with exponential backoff and jitter; permanent ones fail at once and
// fall back to the patient's other channel.
import type { Clock } from '../shared/clock.ts';
import type { EmailSender } from './email-sender.ts';
import type { IdGenerator } from '../shared/id-generator.ts';
import type { SendError } from './send-error.ts';
import type { SmsSender } from './sms-sender.ts';
import type { Organization } from '../organizations/organization.ts';
import type { Patient } from '../patients/patient.ts';
import type { PaymentLink } from '../payment-links/payment-link.ts';
import type { LinkRepos, UnitOfWork } from '../payment-links/payment-link-ports.ts';
import type { LinkUrls } from '../payment-links/use-cases/deps.ts';
import { formatMoneyDecimal, money } from '../money/money.ts';
import { parseCurrency } from '../money/currency.ts';
import { renderMessage } from './index.ts';
import { Message } from './message.ts';
import type { MessageUrls } from './message-ports.ts';
import { SEND_JOB_ATTEMPTS } from './queue-messages.ts';
import { channelCheck, gateSend, WEEK_MS, type ChannelAvailability } from './send-rules.ts';
import { notifyLinkProvider } from '../payment-links/use-cases/notify-provider.ts';

export const MAX_SEND_ATTEMPTS = 6;

export type Senders = {
  sms: SmsSender;
  email: EmailSender;
  /** Provider names recorded on messages, e.g. `twilio` / `sendgrid` / `capture`. */
  smsProvider: string;
  emailProvider: string;
  /** Per channel: does the provider drop a second send with the same idempotency key? (The capture
   * adapters do; Twilio and SendGrid don't.) Decides what to do with a message left `sending`. */
  idempotent: { sms: boolean; email: boolean };
  /** Per channel: why this server can't send on it at all (no provider configured in production),
   * or null. Such a message is refused with this reason, never handed to a sender that drops it. */
  unavailable: ChannelAvailability;
  fromEmail: string;
};

export type MessagingDeps = {
  uow: UnitOfWork;
  repos: LinkRepos;
  senders: Senders;
  clock: Clock;
  ids: IdGenerator;
  linkUrls: LinkUrls;
  messageUrls: MessageUrls;
  /** Messages per second per organization, across every worker. */
  sendRatePerSecond: number;
  random: () => number;
};

export type SendOutcome =
  'sent' | 'failed' | 'refused' | 'scheduled' | 'retrying' | 'rate_limited' | 'skipped';

// Building an Intl formatter costs far more than using one; a worker sees few locales and zones.
const moneyFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatAmount(link: PaymentLink, organization: Organization): string {
  const currency = parseCurrency(link.currency);
  if (!currency || link.amountMinor === null) return '';
  const key = `${organization.locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(organization.locale, { style: 'currency', currency });
    moneyFormats.set(key, format);
  }
  return format.format(formatMoneyDecimal(money(link.amountMinor, currency)) as unknown as number);
}

/** A link's expiry as messages (and their previews) show it: the clinic's locale and time zone. */
export function formatExpiry(expiresAt: Date, organization: Organization): string {
  const key = `${organization.locale}|${organization.timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(organization.locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: organization.timeZone,
    });
    dateFormats.set(key, format);
  }
  return format.format(expiresAt);
}

export function backoffMs(attempt: number, random: () => number): number {
  const base = Math.min(30_000 * 2 ** (attempt - 1), 30 * 60_000);
  return Math.round(base * (0.5 + random()));
}

async function fail(
  deps: MessagingDeps,
  message: Message,
  error: { code: string; message: string },
  patient: Patient,
  link: PaymentLink | null,
  now: Date,
): Promise<void> {
  await deps.uow.run(async (tx) => {
    const current = await tx.messages.findByIdForUpdate(message.organizationId, message.id);
    if (!current) return;
    current.status = 'failed';
    current.failedAt = now;
    current.errorCode = error.code;
    current.errorMessage = error.message;
    current.updatedAt = now;
    await tx.messages.save(current);
    await applyPermanentFailureToPatient(tx, current, patient.id, error.code, now);
    await fallBack(tx, current, error.message, deps.ids, now);
    if (link) {
      await tx.linkEvents.append({
        organizationId: link.organizationId,
        linkId: link.id,
        type: 'message_failed',
        occurredAt: now,
        data: { messageId: current.id, channel: current.channel, code: error.code },
      });
      await notifyLinkProvider(tx, link, {
        type: 'message_failed',
        title: `A ${current.channel === 'sms' ? 'text message' : 'email'} could not be delivered`,
        body: error.message,
        at: now,
      });
    }
  });
}

/** What a permanent failure says about the patient's contact details. */
async function applyPermanentFailureToPatient(
  tx: LinkRepos,
  message: Message,
  patientId: string,
  code: string,
  now: Date,
) {
  const patient = await tx.patients.findById(message.organizationId, patientId);
  if (!patient) return;
  if (message.channel === 'sms' && code === '21610' && !patient.smsOptedOutAt) patient.smsOptedOutAt = now;
  else if (
    message.channel === 'email' &&
    (code === 'invalid_address' || code === 'bounce') &&
    !patient.emailUnusableAt
  )
    patient.emailUnusableAt = now;
  else return;
  await tx.patients.save(patient);
}

/** Once per link send: the other channel, when the patient has it and it wasn't used already. */
export async function fallBack(
  tx: LinkRepos,
  failed: Message,
  why: string,
  ids: IdGenerator,
  now: Date,
): Promise<Message | null> {
  if (failed.reason === 'fallback' || !failed.linkId) return null;
  const patient = await tx.patients.findById(failed.organizationId, failed.patientId);
  if (!patient) return null;
  const channel = failed.channel === 'sms' ? 'email' : 'sms';
  const check = channelCheck(patient, channel);
  if (!check.ok) return null;
  const siblings = await tx.messages.listByLink(failed.organizationId, failed.linkId);
  if (
    siblings.some(
      (m) =>
        m.channel === channel &&
        m.createdAt.getTime() >= failed.createdAt.getTime() - 1000 &&
        m.status !== 'refused',
    )
  )
    return null;
  const fallback = Message.create({
    id: ids.uuid(),
    organizationId: failed.organizationId,
    linkId: failed.linkId,
    patientId: failed.patientId,
    channel,
    kind: failed.kind,
    reason: 'fallback',
    recipient: check.recipient,
    customMessage: failed.customMessage,
    fallbackOfMessageId: failed.id,
    fallbackReason: why,
    bulkBatchId: failed.bulkBatchId,
    now,
  });
  await tx.messages.save(fallback);
  await tx.jobs.enqueue(
    'send-message',
    { messageId: fallback.id },
    { jobKey: `message:${fallback.id}`, maxAttempts: SEND_JOB_ATTEMPTS },
  );
  return fallback;
}

export async function sendMessage(messageId: string, deps: MessagingDeps): Promise<SendOutcome> {
  const now = deps.clock.now();
  const message = await deps.repos.messages.unsafeFindByIdForJob(messageId);
  if (!message) return 'skipped';
  if (message.status === 'sending' && !deps.senders.idempotent[message.channel]) {
    // The last attempt stopped between handing the message over and recording it: it may have been
    // sent. Never risk a second copy — record the uncertainty for staff instead.
    message.status = 'failed';
    message.errorCode = 'outcome_unknown';
    message.errorMessage =
      'The worker stopped while handing this message to the provider; check with the patient before resending.';
    message.failedAt = now;
    message.updatedAt = now;
    await deps.repos.messages.save(message);
    return 'failed';
  }
  if (!message.isPending && message.status !== 'sending') return 'skipped';

  const org = message.organizationId;
  const [organization, patient, link] = await Promise.all([
    deps.repos.organizations.findById(org),
    deps.repos.patients.findById(org, message.patientId),
    message.linkId ? deps.repos.links.findById(org, message.linkId) : Promise.resolve(null),
  ]);
  if (!organization || !patient || !link) return 'skipped';
  const refuse = async (reason: string, fallbackToo: boolean) => {
    await deps.uow.run(async (tx) => {
      const current = await tx.messages.findByIdForUpdate(org, message.id);
      if (!current || !(current.isPending || current.status === 'sending')) return;
      current.status = 'refused';
      current.refusedReason = reason;
      current.updatedAt = now;
      await tx.messages.save(current);
      if (fallbackToo) await fallBack(tx, current, reason, deps.ids, now);
    });
    return 'refused' as const;
  };

  if (message.status === 'sending') {
    // Resuming a hand-over that may not have happened: only what makes sending wrong still stops it.
    if (link.status !== 'ACTIVE') return refuse(`the link is ${link.status.toLowerCase()}`, false);
    const check = channelCheck(patient, message.channel);
    if (!check.ok) return refuse(check.reason, true);
  } else {
    const recent = await deps.repos.messages.countSentToPatientSince(
      org,
      patient.id,
      new Date(now.getTime() - WEEK_MS),
    );
    const verdict = gateSend({
      channel: message.channel,
      organization,
      patient,
      link,
      contactsThisWeek: recent,
      unavailable: deps.senders.unavailable,
      now,
    });
    if (verdict.kind === 'refuse') return refuse(verdict.reason, verdict.fallBack);
    if (verdict.kind === 'schedule') {
      message.status = 'scheduled';
      message.scheduledFor = verdict.at;
      message.updatedAt = now;
      await deps.uow.run(async (tx) => {
        await tx.messages.save(message);
        await tx.jobs.enqueue(
          'send-message',
          { messageId: message.id },
          { runAt: verdict.at, jobKey: `message:${message.id}`, maxAttempts: SEND_JOB_ATTEMPTS },
        );
      });
      return 'scheduled';
    }
    const slot = await deps.repos.sendRate.take(org, now, deps.sendRatePerSecond);
    if (!slot.ok) {
      await deps.repos.jobs.enqueue(
        'send-message',
        { messageId: message.id },
        { runAt: slot.retryAt, jobKey: `message:${message.id}`, maxAttempts: SEND_JOB_ATTEMPTS },
      );
      return 'rate_limited';
    }
    // Committed before the provider is called: a crash from here on can't produce a second copy.
    const claimed = await deps.repos.sends.claim(org, [message.id], now);
    if (claimed.length === 0) return 'skipped'; // another job got there first
    message.status = 'sending';
    message.attempts += 1;
  }
  const overrides = await deps.repos.templates.overrides(org, message.kind);
  return deliverClaimed(deps, { message, organization, patient, link, overrides, now });
}

export type Delivery = {
  message: Message;
  organization: Organization;
  patient: Patient;
  link: PaymentLink;
  overrides: Awaited<ReturnType<MessagingDeps['repos']['templates']['overrides']>>;
  now: Date;
};

/** Renders a claimed (`sending`) message, hands it to its provider and records what happened. */
export async function deliverClaimed(deps: MessagingDeps, d: Delivery): Promise<SendOutcome> {
  const { message, organization, patient, link, overrides, now } = d;
  const vars = {
    clinicName: organization.name,
    clinicPhone: organization.contactPhone ?? '',
    amount: formatAmount(link, organization),
    link: `${deps.linkUrls.shortUrl(organization, link.shortCode)}?via=${message.channel === 'sms' ? 's' : 'e'}`,
    expiresAt: formatExpiry(link.expiresAt, organization),
    customMessage: message.customMessage ?? '',
    description: link.description ?? '',
  };
  const idempotencyKey = `message:${message.id}`;
  let result;
  let segments: number | null = null;
  if (message.channel === 'sms') {
    const rendered = renderMessage({
      kind: message.kind,
      channel: 'sms',
      vars,
      overrides,
      allowDescriptionInEmail: false,
    });
    const callback = deps.messageUrls.smsStatusCallbackUrl();
    result = await deps.senders.sms.send({
      to: message.recipient,
      body: rendered.body,
      idempotencyKey,
      ...(callback ? { statusCallbackUrl: callback } : {}),
    });
    if (result.ok) segments = result.value.segments;
  } else {
    const unsubscribeUrl = deps.messageUrls.unsubscribeUrl(message.id);
    const rendered = renderMessage({
      kind: message.kind,
      channel: 'email',
      vars,
      overrides,
      allowDescriptionInEmail: organization.settings.allowDescriptionInEmail,
      unsubscribeUrl,
    });
    result = await deps.senders.email.send({
      to: message.recipient,
      from: deps.senders.fromEmail,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      idempotencyKey,
      customArgs: { message_id: message.id, organization_id: organization.id, link_id: link.id },
    });
  }
  if (!result.ok) return handleError(deps, message, result.error, patient, link, now);
  await deps.repos.sends.recordSent({
    organizationId: organization.id,
    messageId: message.id,
    linkId: link.id,
    channel: message.channel,
    recipient: message.recipient,
    reason: message.reason,
    provider: message.channel === 'sms' ? deps.senders.smsProvider : deps.senders.emailProvider,
    providerMessageId: result.value.providerMessageId,
    segments,
    now,
  });
  return 'sent';
}

async function handleError(
  deps: MessagingDeps,
  message: Message,
  error: SendError,
  patient: Patient,
  link: PaymentLink,
  now: Date,
): Promise<SendOutcome> {
  if (error.kind === 'permanent' || message.attempts >= MAX_SEND_ATTEMPTS) {
    await fail(deps, message, { code: error.code, message: error.message }, patient, link, now);
    return 'failed';
  }
  const runAt = new Date(now.getTime() + backoffMs(message.attempts, deps.random));
  await deps.uow.run(async (tx) => {
    const current = await tx.messages.findByIdForUpdate(message.organizationId, message.id);
    if (!current) return;
    current.status = 'queued';
    current.errorCode = error.code;
    current.errorMessage = error.message;
    current.scheduledFor = runAt;
    current.updatedAt = now;
    await tx.messages.save(current);
    await tx.jobs.enqueue(
      'send-message',
      { messageId: current.id },
      { runAt, jobKey: `message:${current.id}`, maxAttempts: SEND_JOB_ATTEMPTS },
    );
  });
  return 'retrying';
}
