// What the API shows of a message to a patient: where it went, how it fared, never its text.
import { z } from 'zod';
import { CHANNELS, type Message } from '@clinicpay/domain';

export const messageViewSchema = z.object({
  id: z.string(),
  linkId: z.string().nullable(),
  channel: z.enum(CHANNELS),
  reason: z.enum(['initial', 'resend', 'fallback', 'retry', 'bulk']),
  recipient: z.string(),
  status: z.enum(['queued', 'scheduled', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'refused']),
  refusedReason: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  attempts: z.number(),
  segments: z.number().nullable(),
  scheduledFor: z.string().nullable(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  fallbackReason: z.string().nullable(),
  createdAt: z.string(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

export const messageView = (m: Message): MessageView => ({
  id: m.id,
  linkId: m.linkId,
  channel: m.channel,
  reason: m.reason,
  recipient: m.recipient,
  status: m.status,
  refusedReason: m.refusedReason,
  errorCode: m.errorCode,
  errorMessage: m.errorMessage,
  attempts: m.attempts,
  segments: m.segments,
  scheduledFor: m.scheduledFor?.toISOString() ?? null,
  sentAt: m.sentAt?.toISOString() ?? null,
  deliveredAt: m.deliveredAt?.toISOString() ?? null,
  failedAt: m.failedAt?.toISOString() ?? null,
  fallbackReason: m.fallbackReason,
  createdAt: m.createdAt.toISOString(),
});

/** Where the messages that will go are going, as the spec's response shows. */
export const sentToSchema = z.object({ email: z.string().nullable(), phone: z.string().nullable() });

/** Every message decided for a send (queued, scheduled for texting hours, or refused and why). */
export const queuedMessagesViewSchema = z.object({
  messages: z.array(messageViewSchema),
  sentTo: sentToSchema,
});
