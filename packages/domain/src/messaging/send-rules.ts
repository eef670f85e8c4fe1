// The rules every message obeys, in one place: asked when a message is queued (so staff are told at
// once what will happen to it) and asked again by the worker just before it is handed over (so
// what changed in between — a STOP, a bounce, a cancelled link — still stops it).
import type { Channel } from '../patients/contact.ts';
import type { Patient } from '../patients/patient.ts';
import type { Organization } from '../organizations/organization.ts';
import type { PaymentLink } from '../payment-links/payment-link.ts';
import { nextSendingTime } from './quiet-hours.ts';

/** The weekly contact cap counts the messages of the last seven days. */
export const WEEK_MS = 7 * 24 * 3_600_000;

export type ChannelCheck = { ok: true; recipient: string } | { ok: false; reason: string };

/** Can this patient be reached on this channel at all? */
export function channelCheck(patient: Patient, channel: Channel): ChannelCheck {
  if (channel === 'sms') {
    if (!patient.phone) return { ok: false, reason: 'the patient has no mobile number' };
    if (patient.smsOptedOutAt) return { ok: false, reason: 'the patient opted out of text messages (STOP)' };
    if (!patient.smsConsent) return { ok: false, reason: 'the patient has not consented to text messages' };
    return { ok: true, recipient: patient.phone };
  }
  if (!patient.email) return { ok: false, reason: 'the patient has no email address' };
  if (patient.emailOptedOutAt) return { ok: false, reason: 'the patient unsubscribed from email' };
  if (patient.emailUnusableAt)
    return { ok: false, reason: 'the patient’s email address bounced or reported spam' };
  if (!patient.emailConsent) return { ok: false, reason: 'the patient has not consented to email' };
  return { ok: true, recipient: patient.email };
}

/** Why the weekly contact cap refuses a message (the same words at queue time and at send time). */
export function contactCapReason(cap: number): string {
  return `contact limit reached (${cap} message${cap === 1 ? '' : 's'} a week)`;
}

/** Per channel: why this server can't send on it at all (no provider configured in production), or null. */
export type ChannelAvailability = { sms: string | null; email: string | null };

export type Verdict =
  { kind: 'send' } | { kind: 'refuse'; reason: string; fallBack: boolean } | { kind: 'schedule'; at: Date };

/**
 * May a message on this channel go now? The rules, in order: the link must be payable, the server
 * able to send on the channel and the patient reachable on it (else the other channel may be
 * tried), under the weekly contact cap
 * (`contactsThisWeek` = the messages already counted against it), and a text only in texting hours.
 */
export function gateSend(input: {
  channel: Channel;
  organization: Organization;
  patient: Patient;
  link: Pick<PaymentLink, 'status'>;
  contactsThisWeek: number;
  unavailable: ChannelAvailability;
  now: Date;
}): Verdict {
  const { channel, organization, patient, link, now } = input;
  if (link.status !== 'ACTIVE')
    return { kind: 'refuse', reason: `the link is ${link.status.toLowerCase()}`, fallBack: false };
  const unavailable = input.unavailable[channel];
  if (unavailable) return { kind: 'refuse', reason: unavailable, fallBack: true };
  const check = channelCheck(patient, channel);
  if (!check.ok) return { kind: 'refuse', reason: check.reason, fallBack: true };
  const cap = organization.settings.contactCapPerWeek;
  if (input.contactsThisWeek >= cap)
    return { kind: 'refuse', reason: contactCapReason(cap), fallBack: false };
  if (channel === 'sms') {
    const zone = patient.timeZone ?? organization.timeZone;
    const { quietHoursStart, quietHoursEnd } = organization.settings;
    const allowed = nextSendingTime(now, zone, quietHoursStart, quietHoursEnd);
    if (allowed.getTime() > now.getTime()) return { kind: 'schedule', at: allowed };
  }
  return { kind: 'send' };
}

export type PlannedMessage = {
  channel: Channel;
  /** The patient's address on the channel ('' when they have none). */
  recipient: string;
  verdict: Verdict;
  /** Set on a message that replaces a refused one on the other channel. */
  fallbackOf: { channel: Channel; reason: string } | null;
};

const otherChannel = (channel: Channel): Channel => (channel === 'sms' ? 'email' : 'sms');

/**
 * What sending a link by these channels will do, message by message: each requested channel is
 * sent, held for texting hours or refused; a channel refused because the patient can't get it is
 * replaced by the other one when that one can go and wasn't asked for. Pure, so the bulk review
 * can tell the same story before anything exists.
 */
export function planMessages(input: {
  channels: readonly Channel[];
  organization: Organization;
  patient: Patient;
  link: Pick<PaymentLink, 'status'>;
  contactsThisWeek: number;
  unavailable: ChannelAvailability;
  now: Date;
}): PlannedMessage[] {
  const requested = [...new Set(input.channels)];
  const planned: PlannedMessage[] = [];
  let contacts = input.contactsThisWeek;
  const plan = (channel: Channel, fallbackOf: PlannedMessage['fallbackOf']): PlannedMessage => {
    const verdict = gateSend({ ...input, channel, contactsThisWeek: contacts });
    if (verdict.kind !== 'refuse') contacts += 1;
    const recipient = (channel === 'sms' ? input.patient.phone : input.patient.email) ?? '';
    return { channel, recipient, verdict, fallbackOf };
  };
  for (const channel of requested) {
    const first = plan(channel, null);
    planned.push(first);
    const alternative = otherChannel(channel);
    if (first.verdict.kind !== 'refuse' || !first.verdict.fallBack || requested.includes(alternative))
      continue;
    const fallback = plan(alternative, { channel, reason: first.verdict.reason });
    // Offered only when it can go: a refused fallback would only repeat the refusal.
    if (fallback.verdict.kind !== 'refuse') planned.push(fallback);
  }
  return planned;
}
