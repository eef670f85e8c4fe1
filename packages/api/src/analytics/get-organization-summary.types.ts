import { z } from 'zod';
import { analyticsQuery, analyticsRange, decimalsByCurrency } from './analytics-query.ts';

export const getOrganizationSummaryInput = analyticsQuery;

/** The headline figures of analytics.organization (same definitions). */
export const getOrganizationSummaryOutput = z.object({
  range: analyticsRange,
  totalLinksCreated: z.number(),
  totalAmountRequested: decimalsByCurrency,
  totalAmountCollected: decimalsByCurrency,
  totalAmountPending: decimalsByCurrency,
  averageConversionRate: z.number(),
});
export type GetOrganizationSummaryOutput = z.infer<typeof getOrganizationSummaryOutput>;
