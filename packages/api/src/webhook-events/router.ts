// Provider events that need a person: an admin sees their clinic's (failed for good with the
// reason, or still being retried); the platform operator sees those no clinic could be attached to.
import { router } from '../trpc.ts';
import { listUnassignedWebhookProblemsProcedure } from './list-unassigned-webhook-problems.ts';
import { listWebhookProblemsProcedure } from './list-webhook-problems.ts';

export const webhookEventsRouter = router({
  problems: listWebhookProblemsProcedure,
  unassigned: listUnassignedWebhookProblemsProcedure,
});
