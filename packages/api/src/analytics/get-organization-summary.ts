// analytics.summary — the headline figures alone (links, collected, pending, conversion): the
// links list's strip.
import { getOrganizationSummary } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import {
  getOrganizationSummaryInput,
  type GetOrganizationSummaryOutput,
} from './get-organization-summary.types.ts';

export const getOrganizationSummaryProcedure = requirePermission('links:read')
  .input(getOrganizationSummaryInput)
  .query(async ({ ctx, input }): Promise<GetOrganizationSummaryOutput> =>
    unwrap(
      await getOrganizationSummary({ ...input, organizationId: ctx.organizationId }, ctx.deps.analytics),
    ),
  );
