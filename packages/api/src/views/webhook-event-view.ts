// What the API shows of a provider event that needs attention: what it was and why it is stuck,
// never its payload.
import { z } from 'zod';
import type { WebhookEventProblem } from '@clinicpay/domain';

export const webhookEventProblemViewSchema = z.object({
  provider: z.string(),
  eventId: z.string(),
  type: z.string(),
  state: z.enum(['failed', 'retrying', 'unprocessed']),
  reason: z.string().nullable(),
  attempts: z.number(),
  receivedAt: z.string(),
  failedAt: z.string().nullable(),
});
export type WebhookEventProblemView = z.infer<typeof webhookEventProblemViewSchema>;

export const webhookEventProblemView = (e: WebhookEventProblem): WebhookEventProblemView => ({
  provider: e.provider,
  eventId: e.eventId,
  type: e.type,
  state: e.state,
  reason: e.reason,
  attempts: e.attempts,
  receivedAt: e.receivedAt.toISOString(),
  failedAt: e.failedAt?.toISOString() ?? null,
});
