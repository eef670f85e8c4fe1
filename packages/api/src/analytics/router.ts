// Analytics: one link's clicks, visitors, conversion and timeline; the organization's dashboard
// figures; payment history; and the checked filter the CSV exports stream with.
// Definitions: docs/metrics.md.
import { router } from '../trpc.ts';
import { getExportFilterProcedure } from './get-export-filter.ts';
import { getLinkAnalyticsProcedure } from './get-link-analytics.ts';
import { getOrganizationAnalyticsProcedure } from './get-organization-analytics.ts';
import { getOrganizationSummaryProcedure } from './get-organization-summary.ts';
import { listPaymentsProcedure } from './list-payments.ts';

export const analyticsRouter = router({
  link: getLinkAnalyticsProcedure,
  organization: getOrganizationAnalyticsProcedure,
  summary: getOrganizationSummaryProcedure,
  payments: listPaymentsProcedure,
  exportFilter: getExportFilterProcedure,
});
