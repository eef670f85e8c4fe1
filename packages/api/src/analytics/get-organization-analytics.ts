// analytics.organization — the organization's dashboard figures for a range (PaymentLinkAnalytics).
import { getOrganizationAnalytics } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import {
  getOrganizationAnalyticsInput,
  type GetOrganizationAnalyticsOutput,
} from './get-organization-analytics.types.ts';

export const getOrganizationAnalyticsProcedure = requirePermission('links:read')
  .input(getOrganizationAnalyticsInput)
  .query(async ({ ctx, input }): Promise<GetOrganizationAnalyticsOutput> =>
    unwrap(
      await getOrganizationAnalytics({ ...input, organizationId: ctx.organizationId }, ctx.deps.analytics),
    ),
  );
