// Analytics: one link's clicks, visitors, conversion and timeline; the organization's dashboard
// figures; and the checked filter the CSV exports stream with. Definitions: docs/metrics.md.
import { z } from 'zod';
import { getLinkAnalytics, getOrganizationAnalytics, resolveAnalyticsFilter } from '@clinicpay/domain';
import { requirePermission, router, unwrap } from '../trpc.ts';

const query = z.object({
  from: z.string().max(20).nullish(),
  to: z.string().max(20).nullish(),
  providerId: z.string().max(100).nullish(),
  type: z.string().max(20).nullish(),
});

export const analyticsRouter = router({
  link: requirePermission('links:read')
    .input(z.object({ linkId: z.string().min(1).max(100) }))
    .query(async ({ ctx, input }) =>
      unwrap(
        await getLinkAnalytics(
          { organizationId: ctx.organizationId, linkId: input.linkId },
          ctx.deps.analytics,
        ),
      ),
    ),
  organization: requirePermission('links:read')
    .input(query)
    .query(async ({ ctx, input }) =>
      unwrap(
        await getOrganizationAnalytics({ ...input, organizationId: ctx.organizationId }, ctx.deps.analytics),
      ),
    ),
  /** The validated filter for a CSV export, scoped to the caller's organization. */
  exportFilter: requirePermission('links:read')
    .input(query)
    .query(async ({ ctx, input }) =>
      unwrap(
        await resolveAnalyticsFilter({ ...input, organizationId: ctx.organizationId }, ctx.deps.analytics),
      ),
    ),
});
