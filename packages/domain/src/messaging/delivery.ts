// What comes back from the providers: delivery reports, bounces and spam reports, STOP/START/HELP
// replies, one-click unsubscribes; and staff actions on messages: resend, retry.
import type { Actor } from '../identity/actor.ts';
import type { Channel } from '../patients/contact.ts';
import { AppError } from '../shared/app-error.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Message } from './message.ts';
import { queueLinkMessages, type QueuedMessages } from './queue-messages.ts';
import type { MessagingDeps } from './send-message.ts';

export type DeliveryReport = {
  provider: string;
  providerMessageId: string;
  /** Our id when the provider echoes it (SendGrid custom_args). */
  messageId: string | null;
  status: 'sent' | 'delivered' | 'undelivered' | 'failed';
  errorCode: string | null;
  errorMessage: string | null;
  /** The address must not be used again (bounce, spam report). */
  markUnusable: boolean;
};

export async function applyDeliveryReport(
  report: DeliveryReport,
  deps: MessagingDeps,
): Promise<'applied' | 'ignored'> {
  const now = deps.clock.now();
  const found =
    (await deps.repos.messages.unsafeFindByProviderId(report.provider, report.providerMessageId)) ??
    (report.messageId ? await deps.repos.messages.unsafeFindByIdForJob(report.messageId) : null);
  if (!found) return 'ignored';
  return deps.uow.run(async (tx) => {
    const message = await tx.messages.findByIdForUpdate(found.organizationId, found.id);
    if (!message) return 'ignored';
    const changed = message.applyDeliveryStatus(report.status, now, {
      code: report.errorCode,
      message: report.errorMessage,
    });
    if (changed) await tx.messages.save(message);
    if (report.markUnusable && message.channel === 'email') {
      const patient = await tx.patients.findById(message.organizationId, message.patientId);
      if (patient && patient.email === message.recipient && !patient.emailUnusableAt) {
        patient.emailUnusableAt = now;
        await tx.patients.save(patient);
      }
    }
    if (changed && message.linkId && report.status === 'delivered') {
      const link = await tx.links.findByIdForUpdate(message.organizationId, message.linkId);
      if (link?.recordDelivered(message.channel, now)) await tx.links.save(link);
    }
    if (changed && message.linkId) {
      await tx.linkEvents.append({
        organizationId: message.organizationId,
        linkId: message.linkId,
        type: `message_${report.status}`,
        occurredAt: now,
        data: { messageId: message.id, channel: message.channel, errorCode: report.errorCode },
      });
    }
    return changed ? 'applied' : 'ignored';
  });
}

const STOP = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
  'OPT OUT',
  'OPT-OUT',
]);
const START = new Set(['START', 'UNSTOP', 'YES', 'OPT IN', 'OPTIN']);
const HELP = new Set(['HELP', 'INFO']);

export type InboundReply = { reply: string | null; action: 'opted_out' | 'opted_in' | 'help' | 'none' };

/** An SMS from a patient. STOP opts the number out at once, in every organization that has it. */
export async function handleInboundSms(
  input: { from: string; body: string },
  deps: MessagingDeps,
): Promise<InboundReply> {
  const keyword = input.body
    .trim()
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .replace(/[.!]+$/, '');
  const now = deps.clock.now();
  const matches = await deps.repos.patients.unsafeFindAllByPhone(input.from);
  const update = async (
    change: (p: NonNullable<Awaited<ReturnType<typeof deps.repos.patients.findById>>>) => boolean,
    action: string,
  ) => {
    for (const m of matches) {
      await deps.uow.run(async (tx) => {
        const patient = await tx.patients.findById(m.organizationId, m.id);
        if (!patient || !change(patient)) return;
        patient.updatedAt = now;
        await tx.patients.save(patient);
        await tx.audit.append({
          organizationId: m.organizationId,
          actor: { type: 'webhook', provider: 'twilio' },
          action,
          entityType: 'patient',
          entityId: patient.id,
          requestId: null,
          occurredAt: now,
        });
      });
    }
  };
  if (STOP.has(keyword)) {
    await update((p) => {
      if (p.smsOptedOutAt) return false;
      p.smsOptedOutAt = now;
      return true;
    }, 'patient.sms_opt_out');
    return { action: 'opted_out', reply: null };
  }
  if (START.has(keyword)) {
    await update((p) => {
      if (!p.smsOptedOutAt) return false;
      p.smsOptedOutAt = null;
      return true;
    }, 'patient.sms_opt_in');
    return { action: 'opted_in', reply: 'You will receive text messages again. Reply STOP to opt out.' };
  }
  if (HELP.has(keyword)) {
    const first = matches[0];
    const org = first ? await deps.repos.organizations.findById(first.organizationId) : null;
    const contact = org ? [org.contactPhone, org.contactEmail].filter(Boolean).join(' or ') : '';
    return {
      action: 'help',
      reply: org
        ? `${org.name}: payment reminders. For help contact ${contact || org.name}. Reply STOP to opt out.`
        : 'Payment reminders from your clinic. Reply STOP to opt out.',
    };
  }
  return { action: 'none', reply: null };
}

/** One-click unsubscribe from the email's List-Unsubscribe link (the message id is the token). */
export async function unsubscribeEmail(
  messageId: string,
  deps: MessagingDeps,
): Promise<{ clinicName: string } | null> {
  const message = await deps.repos.messages.unsafeFindByIdForJob(messageId);
  if (!message || message.channel !== 'email') return null;
  const now = deps.clock.now();
  return deps.uow.run(async (tx) => {
    const patient = await tx.patients.findById(message.organizationId, message.patientId);
    const org = await tx.organizations.findById(message.organizationId);
    if (!patient || !org) return null;
    if (!patient.emailOptedOutAt && patient.email === message.recipient) {
      patient.emailOptedOutAt = now;
      patient.updatedAt = now;
      await tx.patients.save(patient);
      await tx.audit.append({
        organizationId: org.id,
        actor: { type: 'system', name: 'email-unsubscribe' },
        action: 'patient.email_opt_out',
        entityType: 'patient',
        entityId: patient.id,
        requestId: null,
        occurredAt: now,
      });
    }
    return { clinicName: org.name };
  });
}

/** Staff: send an active link again, by the channels they choose. */
export async function resendLink(
  input: {
    organizationId: string;
    linkId: string;
    channels: Channel[];
    actor: Actor;
    requestId: string | null;
    customMessage?: string | null;
  },
  deps: MessagingDeps,
): Promise<Result<QueuedMessages, AppError>> {
  if (input.channels.length === 0) return err(AppError.validation('channels', 'Choose email, SMS or both'));
  const now = deps.clock.now();
  return deps.uow.run(async (tx) => {
    const link = await tx.links.findByIdForUpdate(input.organizationId, input.linkId);
    if (!link) return err(AppError.notFound('Link'));
    if (link.status !== 'ACTIVE' || link.expiresAt.getTime() <= now.getTime()) {
      return err(AppError.conflict('Only an active link can be sent; regenerate it first'));
    }
    const patient = await tx.patients.findById(input.organizationId, link.patientId);
    if (!patient) return err(AppError.notFound('Patient'));
    const organization = await tx.organizations.findById(input.organizationId);
    if (!organization) return err(AppError.notFound('Organization'));
    const queued = await queueLinkMessages(
      tx,
      {
        link,
        patient,
        organization,
        channels: input.channels,
        reason: 'resend',
        customMessage: input.customMessage ?? link.customMessage,
        unavailable: deps.senders.unavailable,
        now,
      },
      deps.ids,
    );
    await tx.audit.append({
      organizationId: input.organizationId,
      actor: input.actor,
      action: 'link.resend',
      entityType: 'payment_link',
      entityId: link.id,
      requestId: input.requestId,
      occurredAt: now,
      data: { channels: input.channels },
    });
    return ok(queued);
  });
}

/** Staff: try a failed (or refused) message again, as a new message. */
export async function retryMessage(
  input: { organizationId: string; messageId: string; actor: Actor; requestId: string | null },
  deps: MessagingDeps,
): Promise<Result<QueuedMessages, AppError>> {
  const message: Message | null = await deps.repos.messages.findById(input.organizationId, input.messageId);
  if (!message) return err(AppError.notFound('Message'));
  if (message.status !== 'failed' && message.status !== 'refused' && message.status !== 'undelivered') {
    return err(AppError.conflict('Only a failed message can be retried'));
  }
  if (!message.linkId) return err(AppError.conflict('This message has no link'));
  return resendLink(
    {
      organizationId: input.organizationId,
      linkId: message.linkId,
      channels: [message.channel],
      actor: input.actor,
      requestId: input.requestId,
      customMessage: message.customMessage,
    },
    deps,
  );
}
