// Deciding who gets which message for a link, inside the link's own transaction: one message row
// and one job per channel. A channel the patient can't or won't receive is refused on the spot,
// with the reason, and the other channel is used instead when the patient has it.
import type { Channel } from '../patients/contact.ts';
import type { Patient } from '../patients/patient.ts';
import type { PaymentLink } from '../payment-links/payment-link.ts';
import type { LinkRepos } from '../payment-links/payment-link-ports.ts';
import type { IdGenerator } from '../ports/id-generator.ts';
import { Message, type MessageReason } from './message.ts';

/**
 * Job-level attempts of a `send-message` job. Provider errors are retried by the use case itself
 * (re-enqueued with jitter); these cover a worker that died or a database that blinked mid-job —
 * a killed worker's job counts one attempt, so one would leave its message stuck.
 */
export const SEND_JOB_ATTEMPTS = 5;

export type ChannelCheck = { ok: true; recipient: string } | { ok: false; reason: string };

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

const other = (channel: Channel): Channel => (channel === 'sms' ? 'email' : 'sms');

export type QueuedMessages = { messages: Message[]; sentTo: { email: string | null; phone: string | null } };

export async function queueLinkMessages(
  tx: LinkRepos,
  input: {
    link: PaymentLink;
    patient: Patient;
    channels: readonly Channel[];
    reason: MessageReason;
    customMessage: string | null;
    bulkBatchId?: string | null;
    now: Date;
  },
  ids: IdGenerator,
): Promise<QueuedMessages> {
  const kind = input.link.type === 'CHECKOUT' ? 'payment_request' : 'card_update_request';
  const requested = [...new Set(input.channels)];
  const messages: Message[] = [];
  const make = (
    channel: Channel,
    recipient: string,
    extra: { fallbackOf?: Message; fallbackReason?: string } = {},
  ) =>
    Message.create({
      id: ids.uuid(),
      organizationId: input.link.organizationId,
      linkId: input.link.id,
      patientId: input.patient.id,
      channel,
      kind,
      reason: extra.fallbackOf ? 'fallback' : input.reason,
      recipient,
      customMessage: input.customMessage,
      fallbackOfMessageId: extra.fallbackOf?.id ?? null,
      fallbackReason: extra.fallbackReason ?? null,
      bulkBatchId: input.bulkBatchId ?? null,
      now: input.now,
    });

  for (const channel of requested) {
    const check = channelCheck(input.patient, channel);
    if (check.ok) {
      messages.push(make(channel, check.recipient));
      continue;
    }
    const refused = make(
      channel,
      channel === 'sms' ? (input.patient.phone ?? '') : (input.patient.email ?? ''),
    );
    refused.status = 'refused';
    refused.refusedReason = check.reason;
    messages.push(refused);
    const alternative = other(channel);
    const alternativeCheck = channelCheck(input.patient, alternative);
    if (!requested.includes(alternative) && alternativeCheck.ok) {
      messages.push(
        make(alternative, alternativeCheck.recipient, { fallbackOf: refused, fallbackReason: check.reason }),
      );
    }
  }
  for (const message of messages) {
    await tx.messages.save(message);
    if (message.status !== 'queued') continue;
    if (input.bulkBatchId) {
      // A bulk send's messages go out in batches: those queued within the same second share one
      // job (see sendMessages), which starts two seconds later.
      await tx.jobs.enqueue('send-message', [{ messageId: message.id }], {
        batchKey: `bulk-send:${input.bulkBatchId}`,
        maxAttempts: SEND_JOB_ATTEMPTS,
      });
    } else {
      await tx.jobs.enqueue(
        'send-message',
        { messageId: message.id },
        { jobKey: `message:${message.id}`, maxAttempts: SEND_JOB_ATTEMPTS },
      );
    }
  }
  const queued = messages.filter((m) => m.status === 'queued');
  return {
    messages,
    sentTo: {
      email: queued.find((m) => m.channel === 'email')?.recipient ?? null,
      phone: queued.find((m) => m.channel === 'sms')?.recipient ?? null,
    },
  };
}
