// webhookEvents.problems — an admin's view of their clinic's provider events that failed for good
// (with the reason) or are still being retried.
import { requirePermission } from '../trpc.ts';
import { webhookEventProblemView } from '../views/webhook-event-view.ts';
import { problemQuery } from './problem-query.ts';
import { listWebhookProblemsInput, type ListWebhookProblemsOutput } from './list-webhook-problems.types.ts';

export const listWebhookProblemsProcedure = requirePermission('org:manage')
  .input(listWebhookProblemsInput)
  .query(async ({ ctx, input }): Promise<ListWebhookProblemsOutput> => {
    const items = await ctx.deps.webhookEvents.listProblems(
      ctx.organizationId,
      problemQuery(ctx.deps, input.limit),
    );
    return { items: items.map(webhookEventProblemView) };
  });
