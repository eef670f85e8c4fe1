// messaging.templates — each kind of message: the default wording and the clinic's overrides.
import { listTemplates } from '@clinicpay/domain';
import { requirePermission } from '../trpc.ts';
import type { ListTemplatesOutput } from './list-templates.types.ts';

export const listTemplatesProcedure = requirePermission('links:read').query(
  async ({ ctx }): Promise<ListTemplatesOutput> =>
    listTemplates({ organizationId: ctx.organizationId }, ctx.deps.messaging),
);
