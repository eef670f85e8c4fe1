// Deciding who gets which message for a link, inside the link's own transaction: one message row
// and one job per channel. Every rule the worker will apply is applied here first (send-rules.ts),
// so what the caller is told is what will happen: a message is queued, scheduled for texting hours
// (and when), or refused with the reason — a channel the patient can't or won't receive, or the
// weekly contact cap. A refused channel falls back to the other one when the patient has it.
import type { Channel } from '../patients/contact.ts';
import type { Patient } from '../patients/patient.ts';
import type { Organization } from '../organizations/organization.ts';
import type { PaymentLink } from '../payment-links/payment-link.ts';
import type { LinkRepos } from '../payment-links/payment-link-ports.ts';
import type { IdGenerator } from '../shared/id-generator.ts';
import { Message, type MessageReason } from './message.ts';
import { planMessages, WEEK_MS, type ChannelAvailability } from './send-rules.ts';

/**
 * Job-level attempts of a `send-message` job. Provider errors are retried by the use case itself
 * (re-enqueued with jitter); these cover a worker that died or a database that blinked mid-job —
 * a killed worker's job counts one attempt, so one would leave its message stuck.
 */
export const SEND_JOB_ATTEMPTS = 5;

export type QueuedMessages = {
  /** Every message decided, in order: queued, scheduled (with `scheduledFor`) or refused (with why). */
  messages: Message[];
  /** Where the messages that will go are going (queued or scheduled). */
  sentTo: { email: string | null; phone: string | null };
};

export async function queueLinkMessages(
  tx: LinkRepos,
  input: {
    link: PaymentLink;
    patient: Patient;
    organization: Organization;
    channels: readonly Channel[];
    reason: MessageReason;
    customMessage: string | null;
    bulkBatchId?: string | null;
    unavailable: ChannelAvailability;
    now: Date;
  },
  ids: IdGenerator,
): Promise<QueuedMessages> {
  const { link, patient, organization, now } = input;
  const kind = link.type === 'CHECKOUT' ? 'payment_request' : 'card_update_request';
  // Messages already sent or still to go count against the cap: the worker will send those first.
  const counted = await tx.messages.countContactsToPatientsSince(
    link.organizationId,
    [patient.id],
    new Date(now.getTime() - WEEK_MS),
  );
  const planned = planMessages({
    channels: input.channels,
    organization,
    patient,
    link,
    contactsThisWeek: counted.get(patient.id) ?? 0,
    unavailable: input.unavailable,
    now,
  });
  const messages: Message[] = [];
  for (const p of planned) {
    const message = Message.create({
      id: ids.uuid(),
      organizationId: link.organizationId,
      linkId: link.id,
      patientId: patient.id,
      channel: p.channel,
      kind,
      reason: p.fallbackOf ? 'fallback' : input.reason,
      recipient: p.recipient,
      customMessage: input.customMessage,
      fallbackOfMessageId: p.fallbackOf
        ? (messages.find((m) => m.channel === p.fallbackOf?.channel)?.id ?? null)
        : null,
      fallbackReason: p.fallbackOf?.reason ?? null,
      bulkBatchId: input.bulkBatchId ?? null,
      now,
    });
    if (p.verdict.kind === 'refuse') {
      message.status = 'refused';
      message.refusedReason = p.verdict.reason;
    } else if (p.verdict.kind === 'schedule') {
      message.status = 'scheduled';
      message.scheduledFor = p.verdict.at;
    }
    messages.push(message);
  }
  for (const message of messages) {
    await tx.messages.save(message);
    if (message.status === 'refused') continue;
    if (message.status === 'scheduled' && message.scheduledFor) {
      // Its own job, at the time it may go (never in a bulk batch job, which runs at once).
      await tx.jobs.enqueue(
        'send-message',
        { messageId: message.id },
        { runAt: message.scheduledFor, jobKey: `message:${message.id}`, maxAttempts: SEND_JOB_ATTEMPTS },
      );
    } else if (input.bulkBatchId) {
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
  const going = messages.filter((m) => m.status !== 'refused');
  return {
    messages,
    sentTo: {
      email: going.find((m) => m.channel === 'email')?.recipient ?? null,
      phone: going.find((m) => m.channel === 'sms')?.recipient ?? null,
    },
  };
}
