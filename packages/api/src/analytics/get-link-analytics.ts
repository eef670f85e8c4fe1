// analytics.link — one link's clicks, unique visitors, conversion, devices and timeline.
import { getLinkAnalytics } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { getLinkAnalyticsInput, type GetLinkAnalyticsOutput } from './get-link-analytics.types.ts';

export const getLinkAnalyticsProcedure = requirePermission('links:read')
  .input(getLinkAnalyticsInput)
  .query(async ({ ctx, input }): Promise<GetLinkAnalyticsOutput> =>
    unwrap(
      await getLinkAnalytics(
        { organizationId: ctx.organizationId, linkId: input.linkId },
        ctx.deps.analytics,
      ),
    ),
  );
