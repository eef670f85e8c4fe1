// Analytics: one link's clicks, visitors, conversion and timeline; the organization's dashboard
// figures; and the checked filter the CSV exports stream with. Definitions: docs/metrics.md.
import { z } from 'zod';
import {
  getLinkAnalytics,
  getOrganizationAnalytics,
  getOrganizationSummary,
  minorToDecimalString,
  resolveAnalyticsFilter,
} from '@clinicpay/domain';
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
  /** The headline figures alone (links, collected, pending, conversion): the links list's strip. */
  summary: requirePermission('links:read')
    .input(query)
    .query(async ({ ctx, input }) =>
      unwrap(
        await getOrganizationSummary({ ...input, organizationId: ctx.organizationId }, ctx.deps.analytics),
      ),
    ),
  /** Payment history: payments made in the range, newest first, with patient and receipt. */
  payments: requirePermission('links:read')
    .input(
      query.extend({
        status: z.enum(['SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED']).nullish(),
        limit: z.number().int().min(1).max(100).default(25),
        offset: z.number().int().min(0).max(1_000_000).default(0),
      }),
    )
    .query(async ({ ctx, input }) => {
      const filter = unwrap(
        await resolveAnalyticsFilter({ ...input, organizationId: ctx.organizationId }, ctx.deps.analytics),
      );
      const page = await ctx.deps.analytics.analytics.listPayments(filter, {
        status: input.status ?? undefined,
        limit: input.limit,
        offset: input.offset,
      });
      return {
        range: { from: filter.from, to: filter.to },
        total: page.total,
        items: page.items.map((p) => ({
          id: p.id,
          linkId: p.linkId,
          patientName: p.patientName,
          providerName: p.providerName,
          status: p.status,
          currency: p.currency,
          amount: minorToDecimalString(p.amountMinor, p.currency),
          refundedAmount: minorToDecimalString(p.refundedMinor, p.currency),
          receiptUrl: p.receiptUrl,
          paidAt: p.paidAt?.toISOString() ?? null,
          createdAt: p.createdAt.toISOString(),
        })),
      };
    }),
  /** The validated filter for a CSV export, scoped to the caller's organization. */
  exportFilter: requirePermission('links:read')
    .input(query)
    .query(async ({ ctx, input }) =>
      unwrap(
        await resolveAnalyticsFilter({ ...input, organizationId: ctx.organizationId }, ctx.deps.analytics),
      ),
    ),
});
