// Analytics use cases: per-link analytics (the spec's response shape plus a timeline) and the
// organization's PaymentLinkAnalytics. Definitions of every figure: docs/metrics.md.
import type { Clock } from '../shared/clock.ts';
import type { OrganizationRepository } from '../organizations/organization-ports.ts';
import type { LinkEventLog, LinkStore } from '../payment-links/payment-link-ports.ts';
import type { MessageStore } from '../messaging/message-ports.ts';
import { LinkType } from '../payment-links/link-type.ts';
import { AppError } from '../shared/app-error.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { minorToDecimalString } from '../money/money.ts';
import type { AnalyticsFilter, AnalyticsReader, MinorByCurrency } from './analytics-ports.ts';
import { ZERO_MINOR, minorUnits } from '../money/money.ts';

export type AnalyticsDeps = {
  analytics: AnalyticsReader;
  links: LinkStore;
  organizations: OrganizationRepository;
  linkEvents: LinkEventLog;
  messages: MessageStore;
  clock: Clock;
};

/** A share in [0, 1], to four decimal places; 0 when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number {
  return denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : 0;
}

/** Money per currency as decimal strings, e.g. `{ USD: "1250.00", CAD: "40.00" }`. */
export function decimalsByCurrency(rows: MinorByCurrency): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of [...rows].sort((a, b) => a.currency.localeCompare(b.currency)))
    out[row.currency] = minorToDecimalString(row.amountMinor, row.currency);
  return out;
}

const seconds = (from: Date | null, to: Date | null) =>
  from && to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : null;

export type TimelineEntry = { at: string; type: string; data: Record<string, unknown> };

export async function getLinkAnalytics(
  input: { organizationId: string; linkId: string },
  deps: AnalyticsDeps,
) {
  const link = await deps.links.findById(input.organizationId, input.linkId);
  if (!link) return err(AppError.notFound('Payment link'));
  const organization = await deps.organizations.findById(input.organizationId);
  if (!organization) return err(AppError.notFound('Organization'));
  const [stats, events, messages, clicks] = await Promise.all([
    deps.analytics.linkClickStats(input.organizationId, link.id, organization.timeZone),
    deps.linkEvents.list(input.organizationId, link.id),
    deps.messages.listByLink(input.organizationId, link.id),
    deps.analytics.linkClicks(input.organizationId, link.id, 200),
  ]);
  // Paid at some point: a refund since doesn't undo the conversion.
  const paid = link.completedAt !== null;
  const firstSentAt =
    [link.emailSentAt, link.smsSentAt]
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  const timeline: TimelineEntry[] = [
    ...events.map((e) => ({ at: e.occurredAt.toISOString(), type: e.type, data: e.data ?? {} })),
    ...messages.flatMap((m) => {
      const base = { messageId: m.id, channel: m.channel };
      const out: TimelineEntry[] = [];
      if (m.deliveredAt) out.push({ at: m.deliveredAt.toISOString(), type: 'delivered', data: base });
      if (m.failedAt)
        out.push({
          at: m.failedAt.toISOString(),
          type: m.status === 'undelivered' ? 'undelivered' : 'message_failed',
          data: { ...base, code: m.errorCode, reason: m.errorMessage },
        });
      if (m.status === 'refused')
        out.push({
          at: m.updatedAt.toISOString(),
          type: 'message_refused',
          data: { ...base, reason: m.refusedReason },
        });
      if (m.status === 'scheduled' && m.scheduledFor)
        out.push({
          at: m.updatedAt.toISOString(),
          type: 'message_scheduled',
          data: { ...base, for: m.scheduledFor.toISOString() },
        });
      return out;
    }),
    ...clicks.map((c) => ({
      at: c.at.toISOString(),
      type: c.isBot ? 'bot_click' : 'click',
      data: {
        channel: c.channel,
        device: c.deviceType,
        browser: c.browser,
        os: c.os,
        ...(c.isBot ? { botReason: c.botReason } : {}),
      },
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return ok({
    linkId: link.id,
    clicks: stats.clicks,
    uniqueClicks: stats.uniqueVisitors,
    conversionRate: paid ? rate(1, stats.uniqueVisitors) : 0,
    averageTimeToPayment: paid ? seconds(link.firstClickedAt, link.completedAt) : null,
    averageTimeFromSentToPayment: paid ? seconds(firstSentAt, link.completedAt) : null,
    clicksByDay: stats.clicksByDay,
    devices: stats.devices,
    channels: stats.channels,
    botClicks: stats.botClicks,
    timeZone: organization.timeZone,
    timeline,
  });
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_RANGE_DAYS = 731;

function validDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The dates a filter may name. Anything outside is a typo or a probe, and the far ends broke the
 * arithmetic (year 10000 has no YYYY-MM-DD; year 1 runs off PostgreSQL's time-zone tables).
 */
export const EARLIEST_DATE = '2000-01-01';
export const LATEST_DATE = '2099-12-31';

/** The range's ends that aren't calendar dates in the supported span, by field (null = not given). */
function dateErrors(from: string | null, to: string | null): Array<{ field: string; message: string }> {
  const errors: Array<{ field: string; message: string }> = [];
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value === null) continue;
    if (!validDate(value)) errors.push({ field, message: 'must be a date (YYYY-MM-DD)' });
    else if (value < EARLIEST_DATE || value > LATEST_DATE)
      errors.push({ field, message: `must be between ${EARLIEST_DATE} and ${LATEST_DATE}` });
  }
  return errors;
}

/** Today's date in a time zone, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The instant a calendar date (YYYY-MM-DD) begins in a time zone, DST included. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const midnightUtc = new Date(`${date}T00:00:00Z`).getTime();
  const offsetAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(instant));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const wall = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    );
    return wall - instant;
  };
  // Two passes: the offset at the guess can differ from the offset at the answer across a DST change.
  let instant = midnightUtc - offsetAt(midnightUtc);
  instant = midnightUtc - offsetAt(instant);
  return new Date(instant);
}

/**
 * An optional range of local dates (either end open) as instants: from the start of `from` to the
 * start of the day after `to`. Bad dates are named by field.
 */
export function resolveDateRange(
  input: { from?: string | null | undefined; to?: string | null | undefined },
  timeZone: string,
): Result<{ from?: Date; before?: Date }, AppError> {
  const errors = dateErrors(input.from || null, input.to || null);
  if (!errors.length && input.from && input.to && input.from > input.to)
    errors.push({ field: 'from', message: 'must not be after `to`' });
  if (errors.length) return err(AppError.validationErrors(errors));
  return ok({
    ...(input.from ? { from: startOfLocalDay(input.from, timeZone) } : {}),
    ...(input.to ? { before: startOfLocalDay(addDays(input.to, 1), timeZone) } : {}),
  });
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export type AnalyticsQuery = {
  organizationId: string;
  from?: string | null | undefined;
  to?: string | null | undefined;
  providerId?: string | null | undefined;
  type?: string | null | undefined;
};

/** Checks a query's range and filters; the default range is the last 30 days, today included. */
export async function resolveAnalyticsFilter(
  query: AnalyticsQuery,
  deps: Pick<AnalyticsDeps, 'organizations' | 'clock'>,
): Promise<Result<AnalyticsFilter, AppError>> {
  const organization = await deps.organizations.findById(query.organizationId);
  if (!organization) return err(AppError.notFound('Organization'));
  const today = localDate(deps.clock.now(), organization.timeZone);
  const errors = dateErrors(query.from ?? null, query.to ?? null);
  if (query.providerId != null && !UUID.test(query.providerId))
    errors.push({ field: 'providerId', message: "must be a provider's id" });
  const type = query.type ?? undefined;
  if (type !== undefined && type !== LinkType.CHECKOUT && type !== LinkType.CARD_UPDATE)
    errors.push({ field: 'type', message: 'must be CHECKOUT or CARD_UPDATE' });
  if (errors.length) return err(AppError.validationErrors(errors));
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -29);
  if (from > to) errors.push({ field: 'from', message: 'must not be after `to`' });
  else if (from < addDays(to, -MAX_RANGE_DAYS))
    errors.push({ field: 'from', message: `the range can span at most ${MAX_RANGE_DAYS} days` });
  if (errors.length) return err(AppError.validationErrors(errors));
  return ok({
    organizationId: query.organizationId,
    from,
    to,
    timeZone: organization.timeZone,
    providerId: query.providerId ?? undefined,
    type: type as LinkType | undefined,
  });
}

/** The headline figures of getOrganizationAnalytics (same definitions), for the links list. */
export async function getOrganizationSummary(query: AnalyticsQuery, deps: AnalyticsDeps) {
  const filter = await resolveAnalyticsFilter(query, deps);
  if (!filter.ok) return filter;
  const s = await deps.analytics.organizationSummary(filter.value);
  return ok({
    range: { from: filter.value.from, to: filter.value.to, timeZone: filter.value.timeZone },
    totalLinksCreated: s.created,
    totalAmountRequested: decimalsByCurrency(s.requested),
    totalAmountCollected: decimalsByCurrency(s.collected),
    totalAmountPending: decimalsByCurrency(s.pending),
    averageConversionRate: rate(s.completed, s.created),
  });
}

export async function getOrganizationAnalytics(query: AnalyticsQuery, deps: AnalyticsDeps) {
  const filter = await resolveAnalyticsFilter(query, deps);
  if (!filter.ok) return filter;
  const s = await deps.analytics.organizationStats(filter.value);
  const { email, sms, direct } = s.channels;
  const channel = (c: typeof email) => ({
    sent: c.sent,
    delivered: c.delivered,
    clicked: c.clicked,
    converted: c.converted,
    clickThroughRate: rate(c.clicked, c.delivered),
    conversionRate: rate(c.converted, c.sent),
  });
  const delivered = email.delivered + sms.delivered;
  const clickedFromMessages = email.clicked + sms.clicked;
  return ok({
    range: { from: filter.value.from, to: filter.value.to, timeZone: filter.value.timeZone },
    filters: { providerId: filter.value.providerId ?? null, type: filter.value.type ?? null },
    totalLinksCreated: s.links.created,
    totalAmountRequested: decimalsByCurrency(s.requested),
    totalAmountCollected: decimalsByCurrency(s.collected),
    totalAmountPending: decimalsByCurrency(s.pending),
    averageConversionRate: rate(s.links.completed, s.links.created),
    links: s.links,
    linksByDay: s.linksByDay,
    channelMetrics: {
      email: channel(email),
      sms: channel(sms),
      direct: { ...direct, conversionRate: rate(direct.converted, direct.shared) },
    },
    topProviders: s.providers.map((p) => ({
      providerId: p.providerId,
      name: p.name,
      linksCreated: p.linksCreated,
      conversionRate: rate(p.completed, p.linksCreated),
      totalCollected: decimalsByCurrency(p.collected),
    })),
    revenue: {
      totalCollected: decimalsByCurrency(s.collected),
      payments: Object.fromEntries(s.collected.map((c) => [c.currency, c.count])),
      averagePayment: decimalsByCurrency(
        s.collected.map((c) => ({
          ...c,
          amountMinor: c.count ? minorUnits(Math.round(c.amountMinor / c.count)) : ZERO_MINOR,
        })),
      ),
      refunded: decimalsByCurrency(s.refunded),
      refunds: Object.fromEntries(s.refunded.map((c) => [c.currency, c.count])),
      paymentVelocitySeconds: s.medianSecondsSentToPaid,
      medianSecondsFromClickToPayment: s.medianSecondsClickToPaid,
      failedPaymentRecovery: {
        linksWithFailedPayment: s.failedPayments.links,
        recovered: s.failedPayments.recovered,
        recoveryRate: rate(s.failedPayments.recovered, s.failedPayments.links),
      },
    },
    performance: {
      clickThroughRate: rate(clickedFromMessages, delivered),
      abandonmentRate: rate(s.checkout.openedNotPaid, s.checkout.opened),
      checkoutOpened: s.checkout.opened,
      bestTimeToSend: s.sendTimes
        .map((t) => ({ ...t, conversionRate: rate(t.converted, t.sent) }))
        .sort((a, b) => b.conversionRate - a.conversionRate || b.sent - a.sent),
    },
  });
}
