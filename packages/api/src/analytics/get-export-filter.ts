// analytics.exportFilter — the validated filter for a CSV export (the REST route streams the rows).
import { resolveAnalyticsFilter } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { getExportFilterInput, type GetExportFilterOutput } from './get-export-filter.types.ts';

// Draws on the `exports` budget: each call streams a whole CSV.
export const getExportFilterProcedure = requirePermission('links:read')
  .meta({ budget: 'exports' })
  .input(getExportFilterInput)
  .query(async ({ ctx, input }): Promise<GetExportFilterOutput> =>
    unwrap(
      await resolveAnalyticsFilter({ ...input, organizationId: ctx.organizationId }, ctx.deps.analytics),
    ),
  );
