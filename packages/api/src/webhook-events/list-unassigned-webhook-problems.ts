// webhookEvents.unassigned — the platform operator's view: provider events no clinic could be
// attached to. Outside any tenant, so only a SUPER_ADMIN, never an API key.
import { platformProcedure } from '../trpc.ts';
import { webhookEventProblemView } from '../views/webhook-event-view.ts';
import { problemQuery } from './problem-query.ts';
import {
  listUnassignedWebhookProblemsInput,
  type ListUnassignedWebhookProblemsOutput,
} from './list-unassigned-webhook-problems.types.ts';

export const listUnassignedWebhookProblemsProcedure = platformProcedure
  .input(listUnassignedWebhookProblemsInput)
  .query(async ({ ctx, input }): Promise<ListUnassignedWebhookProblemsOutput> => {
    const items = await ctx.deps.webhookEvents.unsafeListUnassignedProblems(
      problemQuery(ctx.deps, input.limit),
    );
    return { items: items.map(webhookEventProblemView) };
  });
