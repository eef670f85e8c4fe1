// Payment history: payments made in the range, newest first, a page at a time, optionally of one
// status; the range and filters are checked as for every analytics view.
import type { PaymentStatus } from '../payment-links/payment.ts';
import { ok } from '../shared/result.ts';
import { resolveAnalyticsFilter, type AnalyticsDeps, type AnalyticsQuery } from './analytics.ts';

export async function listPaymentHistory(
  query: AnalyticsQuery & { status?: PaymentStatus | undefined; limit: number; offset: number },
  deps: AnalyticsDeps,
) {
  const filter = await resolveAnalyticsFilter(query, deps);
  if (!filter.ok) return filter;
  const page = await deps.analytics.listPayments(filter.value, {
    status: query.status,
    limit: query.limit,
    offset: query.offset,
  });
  return ok({ range: { from: filter.value.from, to: filter.value.to }, ...page });
}
