// The question both lists ask: at most `limit` events that failed, are still retried, or were never
// attempted for long enough that the worker must be behind or down.
import { z } from 'zod';
import type { WebhookProblemQuery } from '@clinicpay/domain';
import type { ApiDeps } from '../context.ts';
import { webhookEventProblemViewSchema } from '../views/webhook-event-view.ts';

/** An event never attempted for this long means the worker is behind or down. */
const UNPROCESSED_AFTER_MS = 5 * 60_000;

export const webhookProblemsInput = z.object({ limit: z.number().int().min(1).max(200).optional() });

export const webhookProblemsOutput = z.object({ items: z.array(webhookEventProblemViewSchema) });

export const problemQuery = (deps: ApiDeps, limit: number | undefined): WebhookProblemQuery => ({
  limit: limit ?? 50,
  unprocessedBefore: new Date(deps.clock.now().getTime() - UNPROCESSED_AFTER_MS),
});
