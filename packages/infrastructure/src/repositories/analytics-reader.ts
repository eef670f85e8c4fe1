// The analytics read model in SQL. Every query is scoped by organization_id and reads through an
// index that leads with it. "Completed" means paid (or, for a card update, card saved) at some point:
// `completed_at` is set, whatever refunds did to the status since. The per-link click facts on payment_links (click_count,
// first_clicked_at, clicked_via, last_click_channel) spare the organization dashboard a scan of
// the clicks table. Definitions: docs/metrics.md.
import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  AnalyticsFilter,
  AnalyticsReader,
  ClickRecord,
  LinkClickStats,
  LinkExportRow,
  MinorByCurrency,
  OrganizationStats,
  PaymentExportRow,
} from '@clinicpay/domain';
import { isUuid } from './uuid.ts';
import { ZERO_MINOR, minorUnits, addMinor } from '@clinicpay/domain';
import type { MinorUnits } from '@clinicpay/domain';

const PAID = `('SUCCEEDED', 'REFUNDED', 'PARTIALLY_REFUNDED')`;
const PAGE = 2000;

/** Links created in the filter's range (local calendar days), with its provider and type filters. */
function cohortWhere(f: AnalyticsFilter, alias = 'l'): { sql: string; params: unknown[] } {
  return {
    sql: `${alias}.organization_id = ?
      and ${alias}.created_at >= (?::date)::timestamp at time zone ?
      and ${alias}.created_at < ((?::date) + 1)::timestamp at time zone ?
      and (?::uuid is null or ${alias}.provider_id = ?::uuid)
      and (?::text is null or ${alias}.type = ?::text)`,
    params: [
      f.organizationId,
      f.from,
      f.timeZone,
      f.to,
      f.timeZone,
      f.providerId ?? null,
      f.providerId ?? null,
      f.type ?? null,
      f.type ?? null,
    ],
  };
}

/** Links whose `column` (an event time) falls in the range, with the same provider and type filters. */
function eventWhere(f: AnalyticsFilter, column: string): { sql: string; params: unknown[] } {
  return {
    sql: `organization_id = ? and ${column} >= (?::date)::timestamp at time zone ?
      and ${column} < ((?::date) + 1)::timestamp at time zone ?
      and (?::uuid is null or provider_id = ?::uuid) and (?::text is null or type = ?::text)`,
    params: cohortWhere(f).params,
  };
}

const int = (v: unknown) => Number(v ?? 0);
/** A stored amount (or a sum of them): whole, non-negative minor units. */
const minor = (v: unknown) => minorUnits(Number(v ?? 0));
const secondsOrNull = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));

function byCurrency(rows: Array<{ currency: string; amount: unknown; n: unknown }>): MinorByCurrency {
  const map = new Map<string, { amountMinor: MinorUnits; count: number }>();
  for (const r of rows) {
    const cur = map.get(r.currency) ?? { amountMinor: ZERO_MINOR, count: 0 };
    cur.amountMinor = addMinor(cur.amountMinor, minor(r.amount));
    cur.count += int(r.n);
    map.set(r.currency, cur);
  }
  return [...map]
    .filter(([, v]) => v.count > 0)
    .map(([currency, v]) => ({ currency, ...v }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

function paymentRow(r: Record<string, unknown>): PaymentExportRow {
  return {
    id: String(r.id),
    linkId: String(r.link_id),
    paidAt: r.paid_at ? new Date(r.paid_at as string) : null,
    createdAt: new Date(r.created_at as string),
    patientName: String(r.patient_name),
    providerName: (r.provider_name as string | null) ?? null,
    status: String(r.status),
    currency: String(r.currency),
    amountMinor: minor(r.amount_minor),
    refundedMinor: minor(r.refunded_minor),
    receiptUrl: (r.receipt_url as string | null) ?? null,
  };
}

const PAYMENT_COLUMNS = `p.id, p.link_id, p.paid_at, p.created_at, pa.name as patient_name, pr.name as provider_name, p.status,
                p.currency, p.amount_minor, p.refunded_minor, p.receipt_url`;
const PAYMENT_JOINS = `from payments p
           join payment_links l on l.organization_id = p.organization_id and l.id = p.link_id
           join patients pa on pa.organization_id = p.organization_id and pa.id = p.patient_id
           left join providers pr on pr.organization_id = p.organization_id and pr.id = l.provider_id`;

/** Requested and pending money per currency over the cohort `c` (links with an amount), as `money`. */
const COHORT_MONEY = `(select coalesce(json_agg(x), '[]') from (
    select currency, sum(amount_minor) as requested, count(*) as n,
           sum(amount_minor) filter (where status = 'ACTIVE') as pending, count(*) filter (where status = 'ACTIVE') as npending
      from c where amount_minor is not null group by currency) x) as money`;

function requestedAndPending(money: unknown): Pick<OrganizationStats, 'requested' | 'pending'> {
  const rows = (money ?? []) as Array<{
    currency: string;
    requested: unknown;
    n: unknown;
    pending: unknown;
    npending: unknown;
  }>;
  return {
    requested: byCurrency(rows.map((r) => ({ currency: r.currency, amount: r.requested, n: r.n }))),
    pending: byCurrency(rows.map((r) => ({ currency: r.currency, amount: r.pending, n: r.npending }))),
  };
}

export class PgAnalyticsReader implements AnalyticsReader {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  async linkClickStats(organizationId: string, linkId: string, timeZone: string): Promise<LinkClickStats> {
    const stats: LinkClickStats = {
      clicks: 0,
      uniqueVisitors: 0,
      botClicks: 0,
      clicksByDay: [],
      devices: {},
      channels: {},
    };
    if (!isUuid(linkId)) return stats;
    const rows = await this.em.execute<
      Array<{
        d: string;
        device: string;
        channel: string;
        is_bot: boolean;
        visitor: string | null;
        n: string;
      }>
    >(
      `select to_char(created_at at time zone ?, 'YYYY-MM-DD') as d, coalesce(device_type, 'unknown') as device,
              coalesce(channel, 'direct') as channel, is_bot, visitor_hash as visitor, count(*) as n
         from payment_link_clicks where organization_id = ? and link_id = ?
        group by 1, 2, 3, 4, 5`,
      [timeZone, organizationId, linkId],
    );
    const visitors = new Set<string | null>();
    const days = new Map<string, number>();
    for (const r of rows) {
      const n = int(r.n);
      if (r.is_bot) {
        stats.botClicks += n;
        continue;
      }
      stats.clicks += n;
      visitors.add(r.visitor);
      days.set(r.d, (days.get(r.d) ?? 0) + n);
      stats.devices[r.device] = (stats.devices[r.device] ?? 0) + n;
      stats.channels[r.channel] = (stats.channels[r.channel] ?? 0) + n;
    }
    stats.uniqueVisitors = visitors.size;
    stats.clicksByDay = [...days]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, count]) => ({ date, count }));
    return stats;
  }

  async linkClicks(organizationId: string, linkId: string, limit: number): Promise<ClickRecord[]> {
    if (!isUuid(linkId)) return [];
    const rows = await this.em.execute<
      Array<{
        created_at: Date | string;
        channel: string;
        device_type: string | null;
        browser: string | null;
        os: string | null;
        is_bot: boolean;
        bot_reason: string | null;
      }>
    >(
      `select * from (
         select created_at, coalesce(channel, 'direct') as channel, device_type, browser, os, is_bot, bot_reason
           from payment_link_clicks where organization_id = ? and link_id = ?
          order by created_at desc limit ?
       ) recent order by created_at`,
      [organizationId, linkId, limit],
    );
    return rows.map((r) => ({
      at: new Date(r.created_at),
      channel: r.channel,
      deviceType: r.device_type,
      browser: r.browser,
      os: r.os,
      isBot: r.is_bot,
      botReason: r.bot_reason,
    }));
  }

  async organizationSummary(
    f: AnalyticsFilter,
  ): Promise<
    Pick<OrganizationStats, 'requested' | 'pending' | 'collected'> & { created: number; completed: number }
  > {
    const c = cohortWhere(f);
    // The same definitions as organizationStats, in one statement over the covering index.
    const rows = await this.em.execute<
      Array<{ created: unknown; completed: unknown; money: unknown; payments: unknown }>
    >(
      `with c as materialized (
         select l.id, l.status, l.currency, l.amount_minor, l.completed_at from payment_links l where ${c.sql}
       )
       select (select count(*) from c) as created,
              (select count(*) from c where completed_at is not null) as completed,
              ${COHORT_MONEY},
              (select coalesce(json_agg(x), '[]') from (
                 select p.currency, count(*) as n, sum(p.amount_minor) as collected
                   from payments p join c on c.id = p.link_id
                  where p.organization_id = ? and p.status in ${PAID} and p.created_at >= (?::date)::timestamp at time zone ?
                  group by p.currency) x) as payments`,
      [...c.params, f.organizationId, f.from, f.timeZone],
    );
    const row = rows[0];
    const payments = (row?.payments ?? []) as Array<{ currency: string; n: unknown; collected: unknown }>;
    return {
      created: int(row?.created),
      completed: int(row?.completed),
      ...requestedAndPending(row?.money),
      collected: byCurrency(payments.map((r) => ({ currency: r.currency, amount: r.collected, n: r.n }))),
    };
  }

  async organizationStats(f: AnalyticsFilter): Promise<OrganizationStats> {
    const c = cohortWhere(f);
    const completed = eventWhere(f, 'completed_at');
    const expired = eventWhere(f, 'expired_at');
    // The cohort's columns come from index-only scans of payment_links_org_created_facts_idx; the
    // figures are three statements of about equal work, run side by side.
    const run = (sql: string, params: unknown[]) =>
      this.em
        .fork()
        .execute<Array<Record<string, unknown>>>(sql, params)
        .then((rows) => rows[0] ?? {});
    const [first, second, third] = await Promise.all([
      // The totals: one pass over the index-only scan.
      run(
        `select json_build_object(
            'created', count(*),
            'completed', count(*) filter (where completed_at is not null),
            'expired', count(*) filter (where status = 'EXPIRED'),
            'cancelled', count(*) filter (where status = 'CANCELLED'),
            'active', count(*) filter (where status = 'ACTIVE'),
            'email_sent', count(*) filter (where sent_via_email),
            'sms_sent', count(*) filter (where sent_via_sms),
            'direct_shared', count(*) filter (where not sent_via_email and not sent_via_sms),
            'email_delivered', count(*) filter (where email_delivered_at is not null),
            'sms_delivered', count(*) filter (where sms_delivered_at is not null),
            'email_clicked', count(*) filter (where 'email' = any(clicked_via)),
            'sms_clicked', count(*) filter (where 'sms' = any(clicked_via)),
            'direct_clicked', count(*) filter (where 'direct' = any(clicked_via)),
            'email_converted', count(*) filter (where completed_at is not null and last_click_channel = 'email'),
            'sms_converted', count(*) filter (where completed_at is not null and last_click_channel = 'sms'),
            'direct_converted', count(*) filter (where completed_at is not null and coalesce(last_click_channel, 'direct') = 'direct'),
            'sent_to_paid', percentile_cont(0.5) within group (order by extract(epoch from completed_at - least(email_sent_at, sms_sent_at)))
               filter (where completed_at is not null and coalesce(email_sent_at, sms_sent_at) is not null),
            'click_to_paid', percentile_cont(0.5) within group (order by extract(epoch from completed_at - first_clicked_at))
               filter (where completed_at is not null and first_clicked_at is not null),
            'failed_links', count(*) filter (where last_payment_failed_at is not null),
            'recovered', count(*) filter (where last_payment_failed_at is not null and completed_at is not null),
            'opened', count(*) filter (where session_count > 0),
            'opened_not_paid', count(*) filter (where session_count > 0 and completed_at is null)
          ) as totals
           from payment_links l where ${c.sql}`,
        [...c.params],
      ),
      run(
        `with c as materialized (
           select l.id, l.provider_id, l.status, l.currency, l.amount_minor, l.completed_at, l.email_sent_at, l.sms_sent_at
             from payment_links l where ${c.sql}
         )
       select
         ${COHORT_MONEY},
         (select coalesce(json_agg(x), '[]') from (
            select c.provider_id, pr.name, count(*) as created, count(*) filter (where c.completed_at is not null) as completed
              from c left join providers pr on pr.organization_id = ? and pr.id = c.provider_id
             group by c.provider_id, pr.name order by count(*) desc, pr.name limit 10) x) as providers,
         (select coalesce(json_agg(x), '[]') from (
            select extract(isodow from hour)::int as wd, extract(hour from hour)::int as h,
                   sum(sent) as sent, sum(converted) as converted
              from (select date_trunc('hour', least(email_sent_at, sms_sent_at) at time zone ?) as hour,
                           count(*) as sent, count(*) filter (where completed_at is not null) as converted
                      from c where coalesce(email_sent_at, sms_sent_at) is not null group by 1) s
             group by 1, 2) x) as send_times,
         (select coalesce(json_agg(x), '[]') from (
            select p.currency, c.provider_id, count(*) as n, sum(p.amount_minor) as collected,
                   sum(p.refunded_minor) as refunded, count(*) filter (where p.refunded_minor > 0) as refunds
              from payments p join c on c.id = p.link_id
             where p.organization_id = ? and p.status in ${PAID} and p.created_at >= (?::date)::timestamp at time zone ?
             group by p.currency, c.provider_id) x) as payments`,
        [...c.params, f.organizationId, f.timeZone, f.organizationId, f.from, f.timeZone],
      ),
      run(
        `with c as (select l.created_at from payment_links l where ${c.sql})
       select
         (select coalesce(json_agg(x order by x.d), '[]') from (
            select to_char(d, 'YYYY-MM-DD') as d, sum(created) as created, sum(completed) as completed, sum(expired) as expired from (
              select (created_at at time zone ?)::date as d, 1 as created, 0 as completed, 0 as expired from c
              union all
              select (completed_at at time zone ?)::date, 0, 1, 0 from payment_links where ${completed.sql}
              union all
              select (expired_at at time zone ?)::date, 0, 0, 1 from payment_links where ${expired.sql}
            ) e group by e.d) x) as days`,
        [...c.params, f.timeZone, f.timeZone, ...completed.params, f.timeZone, ...expired.params],
      ),
    ]);
    const row = { ...first, ...second, ...third };
    type Json = Record<string, unknown>;
    const t = (row?.totals ?? {}) as Json;
    const paymentRows = (row?.payments ?? []) as Array<{
      currency: string;
      provider_id: string | null;
      n: unknown;
      collected: unknown;
      refunded: unknown;
      refunds: unknown;
    }>;
    const providerRows = (row?.providers ?? []) as Array<{
      provider_id: string | null;
      name: string | null;
      created: unknown;
      completed: unknown;
    }>;
    const dayRows = (row?.days ?? []) as Array<{
      d: string;
      created: unknown;
      completed: unknown;
      expired: unknown;
    }>;
    const sendRows = (row?.send_times ?? []) as Array<{
      wd: unknown;
      h: unknown;
      sent: unknown;
      converted: unknown;
    }>;
    const providerCollected = new Map<
      string | null,
      Array<{ currency: string; amount: unknown; n: unknown }>
    >();
    for (const r of paymentRows) {
      const list = providerCollected.get(r.provider_id) ?? [];
      list.push({ currency: r.currency, amount: r.collected, n: r.n });
      providerCollected.set(r.provider_id, list);
    }
    return {
      links: {
        created: int(t.created),
        completed: int(t.completed),
        expired: int(t.expired),
        cancelled: int(t.cancelled),
        active: int(t.active),
      },
      ...requestedAndPending(row?.money),
      collected: byCurrency(paymentRows.map((r) => ({ currency: r.currency, amount: r.collected, n: r.n }))),
      refunded: byCurrency(
        paymentRows.map((r) => ({ currency: r.currency, amount: r.refunded, n: r.refunds })),
      ),
      linksByDay: dayRows.map((r) => ({
        date: r.d,
        created: int(r.created),
        completed: int(r.completed),
        expired: int(r.expired),
      })),
      channels: {
        email: {
          sent: int(t.email_sent),
          delivered: int(t.email_delivered),
          clicked: int(t.email_clicked),
          converted: int(t.email_converted),
        },
        sms: {
          sent: int(t.sms_sent),
          delivered: int(t.sms_delivered),
          clicked: int(t.sms_clicked),
          converted: int(t.sms_converted),
        },
        direct: {
          shared: int(t.direct_shared),
          clicked: int(t.direct_clicked),
          converted: int(t.direct_converted),
        },
      },
      providers: providerRows.map((r) => ({
        providerId: r.provider_id,
        name: r.name,
        linksCreated: int(r.created),
        completed: int(r.completed),
        collected: byCurrency(providerCollected.get(r.provider_id) ?? []),
      })),
      medianSecondsSentToPaid: secondsOrNull(t.sent_to_paid),
      medianSecondsClickToPaid: secondsOrNull(t.click_to_paid),
      failedPayments: { links: int(t.failed_links), recovered: int(t.recovered) },
      checkout: { opened: int(t.opened), openedNotPaid: int(t.opened_not_paid) },
      sendTimes: sendRows.map((r) => ({
        weekday: int(r.wd),
        hour: int(r.h),
        sent: int(r.sent),
        converted: int(r.converted),
      })),
    };
  }

  async *exportLinks(f: AnalyticsFilter): AsyncIterable<LinkExportRow[]> {
    const c = cohortWhere(f);
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const rows: Array<Record<string, unknown>> = await this.em.fork().execute(
        `select l.id, l.short_code, l.type, l.status, pa.name as patient_name, pr.name as provider_name, l.currency,
                l.amount_minor, l.description, l.created_at, l.expires_at, l.completed_at, l.sent_via_email,
                l.sent_via_sms, l.click_count, l.refunded_minor, to_char(l.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as cursor_at,
                coalesce((select sum(p.amount_minor) from payments p
                           where p.organization_id = l.organization_id and p.link_id = l.id and p.status in ${PAID}), 0) as collected
           from payment_links l
           join patients pa on pa.organization_id = l.organization_id and pa.id = l.patient_id
           left join providers pr on pr.organization_id = l.organization_id and pr.id = l.provider_id
          where ${c.sql} and (?::timestamp is null or (l.created_at, l.id) > ((?::timestamp) at time zone 'UTC', ?::uuid))
          order by l.created_at, l.id limit ${PAGE}`,
        [...c.params, after?.at ?? null, after?.at ?? null, after?.id ?? null],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        id: String(r.id),
        shortCode: String(r.short_code),
        type: String(r.type),
        status: String(r.status),
        patientName: String(r.patient_name),
        providerName: (r.provider_name as string | null) ?? null,
        currency: String(r.currency),
        amountMinor: r.amount_minor === null ? null : minor(r.amount_minor),
        description: (r.description as string | null) ?? null,
        createdAt: new Date(r.created_at as string),
        expiresAt: new Date(r.expires_at as string),
        completedAt: r.completed_at ? new Date(r.completed_at as string) : null,
        sentViaEmail: Boolean(r.sent_via_email),
        sentViaSms: Boolean(r.sent_via_sms),
        clickCount: int(r.click_count),
        collectedMinor: minor(r.collected),
        refundedMinor: minor(r.refunded_minor),
      }));
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1]!;
      after = { at: String(last.cursor_at), id: String(last.id) };
    }
  }

  async listPayments(
    f: AnalyticsFilter,
    page: { status?: string | undefined; limit: number; offset: number },
  ): Promise<{ items: PaymentExportRow[]; total: number }> {
    const where = `p.organization_id = ? and p.created_at >= (?::date)::timestamp at time zone ?
        and p.created_at < ((?::date) + 1)::timestamp at time zone ?
        and (?::uuid is null or l.provider_id = ?::uuid) and (?::text is null or l.type = ?::text)
        and (?::text is null or p.status = ?::text)`;
    const params = [...eventWhere(f, 'p.created_at').params, page.status ?? null, page.status ?? null];
    const [rows, count] = await Promise.all([
      this.em
        .fork()
        .execute<Array<Record<string, unknown>>>(
          `select ${PAYMENT_COLUMNS} ${PAYMENT_JOINS} where ${where} order by p.created_at desc, p.id desc limit ? offset ?`,
          [...params, page.limit, page.offset],
        ),
      this.em
        .fork()
        .execute<Array<{ n: string }>>(`select count(*) as n ${PAYMENT_JOINS} where ${where}`, params),
    ]);
    return { items: rows.map(paymentRow), total: int(count[0]?.n) };
  }

  async *exportPayments(f: AnalyticsFilter): AsyncIterable<PaymentExportRow[]> {
    const e = eventWhere(f, 'p.created_at');
    const linkFilter = `(?::uuid is null or l.provider_id = ?::uuid) and (?::text is null or l.type = ?::text)`;
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const rows: Array<Record<string, unknown>> = await this.em.fork().execute(
        `select ${PAYMENT_COLUMNS}, to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as cursor_at
           ${PAYMENT_JOINS}
          where p.organization_id = ? and p.created_at >= (?::date)::timestamp at time zone ?
            and p.created_at < ((?::date) + 1)::timestamp at time zone ? and ${linkFilter}
            and (?::timestamp is null or (p.created_at, p.id) > ((?::timestamp) at time zone 'UTC', ?::uuid))
          order by p.created_at, p.id limit ${PAGE}`,
        [...e.params, after?.at ?? null, after?.at ?? null, after?.id ?? null],
      );
      if (rows.length === 0) return;
      yield rows.map(paymentRow);
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1]!;
      after = { at: String(last.cursor_at), id: String(last.id) };
    }
  }
}
