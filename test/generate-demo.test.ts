// The demo-data generator (scripts/generate-demo-data.ts): what analytics built on its output may
// rely on — exact counts, tenant boundaries, payments that match their links, click facts that
// match the raw clicks, and rows shaped like the ones the application itself writes.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLink, parseShortCode } from '@clinicpay/domain';
import { detectBot } from '@clinicpay/infrastructure';
import { seedDemoData } from '@clinicpay/standins/dev';
import {
  createTestCheckoutLink,
  createTestContainer,
  createTestDatabase,
  type TestDatabase,
} from '@clinicpay/standins/testing';
import { DemoDataError, generateDemoData, type GenerateDemoResult } from '../scripts/generate-demo-data.ts';

const NOW = new Date('2026-03-16T15:00:00Z');
const LINKS = 500;
const CLICKS = 5000;
const PAID = `('COMPLETED', 'REFUNDED', 'PARTIALLY_REFUNDED')`;

let db: TestDatabase;
let pool: pg.Pool;
let generated: GenerateDemoResult;

async function rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await pool.query(sql, params)).rows as T[];
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await rows<{ n: string }>(`select count(*) as n from (${sql}) x`, params);
  return Number(row!.n);
}

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  // Dropping the database at the end terminates connections the pool may still be closing.
  pool.on('error', () => {});
  generated = await generateDemoData(pool, {
    links: LINKS,
    clicks: CLICKS,
    organizations: 2,
    seed: 42,
    now: NOW,
    vacuum: false,
  });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('generateDemoData', () => {
  it('creates the organizations with exactly the links and clicks asked for', async () => {
    expect(generated.organizationIds).toHaveLength(2);
    const orgs = await rows<{
      id: string;
      name: string;
      time_zone: string;
      settings: Record<string, unknown>;
    }>(`select id, name, time_zone, settings from organizations where id = any($1) order by name`, [
      generated.organizationIds,
    ]);
    expect(orgs.map((o) => o.name)).toEqual(['Generated Clinic 1', 'Generated Clinic 2']);
    for (const org of orgs) {
      expect(org.time_zone).toBe('America/Chicago');
      expect(org.settings).toMatchObject({ quietHoursStart: 8, quietHoursEnd: 20 });
      expect(await count(`select 1 from payment_links where organization_id = $1`, [org.id])).toBe(LINKS);
      expect(await count(`select 1 from payment_link_clicks where organization_id = $1`, [org.id])).toBe(
        CLICKS,
      );
      const providers = await count(`select 1 from providers where organization_id = $1`, [org.id]);
      expect(providers).toBeGreaterThanOrEqual(3);
      expect(providers).toBeLessThanOrEqual(8);
      expect(await count(`select 1 from patients where organization_id = $1`, [org.id])).toBe(LINKS / 5);
    }
    expect(generated.counts.map((c) => [c.links, c.clicks])).toEqual([
      [LINKS, CLICKS],
      [LINKS, CLICKS],
    ]);
  });

  it('keeps every row inside its link’s organization', async () => {
    for (const table of ['payment_link_clicks', 'messages', 'payments', 'link_events']) {
      expect(
        await count(
          `select 1 from ${table} t join payment_links l on l.id = t.link_id where t.organization_id <> l.organization_id`,
        ),
        table,
      ).toBe(0);
    }
    for (const table of ['messages', 'payments']) {
      expect(
        await count(
          `select 1 from ${table} t join payment_links l on l.id = t.link_id where t.patient_id <> l.patient_id`,
        ),
      ).toBe(0);
    }
    expect(
      await count(
        `select 1 from payment_links l join providers p on p.id = l.provider_id where p.organization_id <> l.organization_id`,
      ),
    ).toBe(0);
  });

  it('gives every paid checkout link exactly one successful payment of its amount, after its first human click', async () => {
    const paid = await rows<{
      status: string;
      payments: string;
      good: string;
    }>(
      `select l.status, count(*) as payments,
         count(*) filter (where p.amount_minor = l.amount_minor and p.currency = l.currency
           and p.paid_at = l.completed_at and p.refunded_minor = l.refunded_minor
           and p.provider_id is not distinct from l.provider_id and p.stripe_payment_intent_id = l.payment_intent_id
           and p.paid_at > (select min(c.created_at) from payment_link_clicks c where c.link_id = l.id and not c.is_bot)
           and p.status = case l.status when 'COMPLETED' then 'SUCCEEDED' else l.status end) as good
       from payment_links l
       join payments p on p.link_id = l.id and p.status in ('SUCCEEDED', 'REFUNDED', 'PARTIALLY_REFUNDED')
       where l.type = 'CHECKOUT' and l.status in ${PAID}
       group by l.status`,
    );
    expect(paid.map((r) => r.status).sort()).toEqual(['COMPLETED', 'PARTIALLY_REFUNDED', 'REFUNDED']);
    for (const r of paid) expect(r.good, r.status).toBe(r.payments);
    // Exactly one per paid link, and none anywhere else.
    expect(
      await count(
        `select l.id from payment_links l
           left join payments p on p.link_id = l.id and p.status in ('SUCCEEDED', 'REFUNDED', 'PARTIALLY_REFUNDED')
          where l.type = 'CHECKOUT' and l.status in ${PAID} group by l.id having count(p.id) <> 1`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select 1 from payments p join payment_links l on l.id = p.link_id
          where p.status <> 'FAILED' and not (l.type = 'CHECKOUT' and l.status in ${PAID})`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select 1 from payment_links where status = 'REFUNDED' and refunded_minor <> amount_minor
         union all select 1 from payment_links where status = 'PARTIALLY_REFUNDED'
           and not (refunded_minor > 0 and refunded_minor < amount_minor)
         union all select 1 from payment_links where status not in ('REFUNDED', 'PARTIALLY_REFUNDED') and refunded_minor <> 0`,
      ),
    ).toBe(0);
    // Paid links, checkout or card update, were completed after a human opened them.
    expect(
      await count(
        `select 1 from payment_links l where l.status in ${PAID}
           and not (l.completed_at > l.first_clicked_at and l.completed_at <= l.expires_at and l.completed_at <= $1)`,
        [NOW],
      ),
    ).toBe(0);
    expect(
      await count(
        `select 1 from payment_links where type = 'CARD_UPDATE' and status = 'COMPLETED'
           and (setup_intent_id is null or card_payment_method_id is null)`,
      ),
    ).toBe(0);
  });

  it('records failed payment attempts the way the webhook handler does', async () => {
    const failed = await rows<{ recovered: boolean; n: string; consistent: string }>(
      `select l.status in ${PAID} as recovered, count(*) as n,
         count(*) filter (where e.occurred_at = l.last_payment_failed_at and e.data->>'code' = l.last_payment_failure_code
           and l.last_payment_failed_at > l.first_clicked_at
           and l.last_payment_failed_at < coalesce(l.completed_at, l.expired_at, $1)) as consistent
       from payment_links l join link_events e on e.link_id = l.id and e.type = 'payment_failed'
       where l.last_payment_failed_at is not null group by 1`,
      [NOW],
    );
    expect(failed.map((f) => f.recovered).sort()).toEqual([false, true]);
    for (const f of failed) expect(f.consistent).toBe(f.n);
    expect(await count(`select 1 from link_events where type = 'payment_failed'`)).toBe(
      await count(`select 1 from payment_links where last_payment_failed_at is not null`),
    );
    // Unrecovered attempts leave a FAILED payment; recovered ones reuse the same payment intent.
    expect(
      await count(
        `select 1 from payments p join payment_links l on l.id = p.link_id
          where p.status = 'FAILED' and (l.status in ${PAID} or p.failure_code <> l.last_payment_failure_code or p.paid_at is not null)`,
      ),
    ).toBe(0);
  });

  it('never has a click before its link was created or after now', async () => {
    expect(
      await count(
        `select 1 from payment_link_clicks c join payment_links l on l.id = c.link_id
          where c.created_at < l.created_at or c.created_at > $1`,
        [NOW],
      ),
    ).toBe(0);
  });

  it('keeps statuses and their timestamps consistent', async () => {
    const bad = await rows<{ id: string; status: string }>(
      `select id, status from payment_links where not case status
         when 'ACTIVE' then expires_at > $1 and completed_at is null and expired_at is null and cancelled_at is null
         when 'EXPIRED' then expires_at < $1 and expired_at >= expires_at and expired_at <= $1 and completed_at is null
           and cancelled_at is null and payment_intent_id is null
         when 'CANCELLED' then cancelled_at > created_at and cancelled_at <= least(expires_at, $1) and completed_at is null
           and expired_at is null
         else completed_at is not null and expired_at is null and cancelled_at is null
       end`,
      [NOW],
    );
    expect(bad).toEqual([]);
    expect(
      await count(`select 1 from payment_links where created_at > $1 or expires_at <= created_at`, [NOW]),
    ).toBe(0);
    const statuses = await rows<{ status: string; share: number }>(
      `select status, count(*)::float8 / sum(count(*)) over () as share from payment_links group by status`,
    );
    const share = (s: string) => statuses.find((r) => r.status === s)?.share ?? 0;
    expect(share('COMPLETED') + share('REFUNDED') + share('PARTIALLY_REFUNDED')).toBeCloseTo(0.55, 1);
    expect(share('EXPIRED')).toBeCloseTo(0.25, 1);
    expect(share('ACTIVE')).toBeCloseTo(0.12, 1);
    expect(share('CANCELLED')).toBeCloseTo(0.08, 1);
  });

  it('stores amounts as positive integer minor units, with line items that add up', async () => {
    expect(
      await count(
        `select 1 from payment_links where type = 'CHECKOUT'
           and (amount_minor is null or amount_minor < 1500 or amount_minor > 85000)`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select 1 from payment_links where type = 'CARD_UPDATE' and (amount_minor is not null or line_items <> '[]')`,
      ),
    ).toBe(0);
    // amount_minor is bigint (migration 0011), which a plain pg pool reads as text.
    const items = await rows<{ amount_minor: string; line_items: Array<Record<string, unknown>> }>(
      `select amount_minor, line_items from payment_links where line_items <> '[]'`,
    );
    expect(items.length).toBeGreaterThan(LINKS / 2);
    for (const link of items) {
      let total = 0;
      for (const item of link.line_items) {
        expect(Object.keys(item).sort()).toEqual(['name', 'quantity', 'unitAmountMinor']);
        expect(typeof item.name === 'string' && item.name.length > 0).toBe(true);
        expect(Number.isInteger(item.unitAmountMinor) && (item.unitAmountMinor as number) > 0).toBe(true);
        expect(Number.isInteger(item.quantity) && (item.quantity as number) >= 1).toBe(true);
        total += (item.unitAmountMinor as number) * (item.quantity as number);
      }
      expect(total).toBe(Number(link.amount_minor));
    }
    expect(
      await count(`select 1 from payments where amount_minor <= 0 or refunded_minor > amount_minor`),
    ).toBe(0);
  });

  it('uses both currencies, mostly USD, and pays in the link’s currency', async () => {
    const currencies = await rows<{ currency: string; n: string }>(
      `select currency, count(*) as n from payment_links group by currency order by currency`,
    );
    expect(currencies.map((c) => c.currency)).toEqual(['CAD', 'USD']);
    const cad = Number(currencies[0]!.n) / (2 * LINKS);
    expect(cad).toBeGreaterThan(0.01);
    expect(cad).toBeLessThan(0.1);
    expect(
      await count(
        `select 1 from payments p join payment_links l on l.id = p.link_id where p.currency <> l.currency`,
      ),
    ).toBe(0);
  });

  it('makes short codes the application accepts', async () => {
    const codes = await rows<{ short_code: string }>(`select short_code from payment_links`);
    for (const { short_code } of codes) expect(parseShortCode(short_code)).toBe(short_code);
  });

  it('flags bots the way the redirect does, with a reason', async () => {
    const kinds = await rows<{
      method: string;
      user_agent: string | null;
      is_bot: boolean;
      bot_reason: string | null;
    }>(`select distinct method, user_agent, is_bot, bot_reason from payment_link_clicks`);
    for (const k of kinds) {
      expect(k.bot_reason, `${k.method} ${k.user_agent}`).toBe(
        detectBot(k.method, k.user_agent ?? undefined),
      );
      expect(k.is_bot).toBe(k.bot_reason !== null);
    }
    expect(new Set(kinds.map((k) => k.bot_reason))).toEqual(
      new Set([null, 'known_bot', 'head_request', 'no_user_agent']),
    );
    const [bots] = await rows<{ share: number }>(
      `select avg(is_bot::int)::float8 as share from payment_link_clicks`,
    );
    expect(bots!.share).toBeGreaterThan(0.05);
    expect(bots!.share).toBeLessThan(0.15);
    expect(
      await count(
        `select 1 from payment_link_clicks where not is_bot
           and (device_type not in ('mobile', 'tablet', 'desktop') or browser is null or os is null)`,
      ),
    ).toBe(0);
  });

  it('keeps each link’s click facts equal to its human clicks', async () => {
    const mismatched = await rows(
      `select l.id from payment_links l
       left join lateral (
         select count(*) as n, min(c.created_at) as first_at, max(c.created_at) as last_at,
           coalesce(array_agg(distinct coalesce(c.channel, 'direct') order by coalesce(c.channel, 'direct')), '{}') as via
         from payment_link_clicks c where c.link_id = l.id and not c.is_bot
       ) h on true
       left join lateral (
         select coalesce(c.channel, 'direct') as channel from payment_link_clicks c
         where c.link_id = l.id and not c.is_bot
           and c.created_at < coalesce(l.completed_at, l.expired_at, l.cancelled_at, 'infinity')
         order by c.created_at desc limit 1
       ) last on true
       where l.click_count <> h.n or l.first_clicked_at is distinct from h.first_at
          or l.last_clicked_at is distinct from h.last_at or l.clicked_via <> h.via
          or l.last_click_channel is distinct from last.channel`,
    );
    expect(mismatched).toEqual([]);
    // A checkout session exists exactly for links a patient opened while they could still pay.
    expect(
      await count(
        `select 1 from payment_links l where (l.session_count > 0) <> exists (
           select 1 from payment_link_clicks c where c.link_id = l.id and not c.is_bot
             and c.created_at < least(coalesce(l.completed_at, l.expired_at, l.cancelled_at), l.expires_at))`,
      ),
    ).toBe(0);
  });

  it('tags clicks with the channels the link went out by', async () => {
    expect(
      await count(
        `select 1 from payment_link_clicks c join payment_links l on l.id = c.link_id
          where (c.channel = 'email' and not l.sent_via_email) or (c.channel = 'sms' and not l.sent_via_sms)
             or c.channel not in ('email', 'sms')`,
      ),
    ).toBe(0);
    const direct = await count(`select 1 from payment_link_clicks where channel is null`);
    expect(direct).toBeGreaterThan(0);
    expect(
      await count(
        `select 1 from payment_links l where not sent_via_email and not sent_via_sms
           and exists (select 1 from payment_link_clicks c where c.link_id = l.id and c.channel is not null)`,
      ),
    ).toBe(0);
  });

  it('sends messages consistently with the link’s sent flags', async () => {
    const bad = await rows(
      `select l.id from payment_links l
       left join messages e on e.link_id = l.id and e.channel = 'email'
       left join messages s on s.link_id = l.id and s.channel = 'sms'
       where l.sent_via_email <> coalesce(e.status in ('sent', 'delivered', 'undelivered'), false)
          or l.sent_via_sms <> coalesce(s.status in ('sent', 'delivered', 'undelivered'), false)
          or l.email_sent_at is distinct from case when l.sent_via_email then e.sent_at end
          or l.sms_sent_at is distinct from case when l.sent_via_sms then s.sent_at end
          or l.recipient_email is distinct from case when l.sent_via_email then e.recipient end
          or l.recipient_phone is distinct from case when l.sent_via_sms then s.recipient end
          or l.send_via <> array_remove(array[case when e.id is not null then 'email' end,
                                              case when s.id is not null then 'sms' end], null)`,
    );
    expect(bad).toEqual([]);
    expect(
      await count(
        `select 1 from messages m join payment_links l on l.id = m.link_id
          where m.reason <> 'initial' or m.provider <> 'capture' or m.sent_at < l.created_at
             or (m.status in ('failed', 'undelivered')) <> (m.error_code is not null)
             or (m.status = 'failed') <> (m.provider_message_id is null)
             or (m.status = 'delivered') <> (m.delivered_at is not null)`,
      ),
    ).toBe(0);
    const [shape] = await rows<{ direct: number; delivered: number }>(
      `select avg((not sent_via_email and not sent_via_sms)::int)::float8 as direct,
         (select avg((status = 'delivered')::int)::float8 from messages) as delivered
       from payment_links`,
    );
    expect(shape!.direct).toBeGreaterThan(0.12);
    expect(shape!.direct).toBeLessThan(0.3);
    expect(shape!.delivered).toBeGreaterThan(0.75);
  });

  it('hashes visitors per day and drops addresses older than 30 days', async () => {
    expect(await count(`select 1 from payment_link_clicks where visitor_hash !~ '^[0-9a-f]{32}$'`)).toBe(0);
    // A hash never spans two days; a returning visitor the same day keeps it.
    expect(
      await count(
        `select visitor_hash from payment_link_clicks group by visitor_hash
          having count(distinct (created_at at time zone 'UTC')::date) > 1`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select 1 from payment_link_clicks where not is_bot group by link_id, visitor_hash having count(*) > 1`,
      ),
    ).toBeGreaterThan(0);
    expect(
      await count(
        `select 1 from payment_link_clicks
          where (ip_address is null) <> (created_at < $1::timestamptz - interval '30 days')
             or not (ip_address << '192.0.2.0/24' or ip_address << '198.51.100.0/24' or ip_address << '203.0.113.0/24')`,
        [NOW],
      ),
    ).toBe(0);
  });

  it('writes the timeline events the application writes', async () => {
    const missing = await rows(
      `select l.id, l.status from payment_links l where not exists (
           select 1 from link_events e where e.link_id = l.id and e.type = 'created' and e.occurred_at = l.created_at)
         or (l.status in ${PAID} and l.type = 'CHECKOUT' and not exists (
           select 1 from link_events e where e.link_id = l.id and e.type = 'paid' and e.occurred_at = l.completed_at
             and (e.data->>'amountMinor')::int = l.amount_minor))
         or (l.status = 'COMPLETED' and l.type = 'CARD_UPDATE' and not exists (
           select 1 from link_events e where e.link_id = l.id and e.type = 'card_saved'))
         or (l.status = 'EXPIRED' and not exists (
           select 1 from link_events e where e.link_id = l.id and e.type = 'expired' and e.occurred_at = l.expired_at))
         or (l.status = 'CANCELLED' and not exists (
           select 1 from link_events e where e.link_id = l.id and e.type = 'cancelled' and e.occurred_at = l.cancelled_at))
         or (l.status in ('REFUNDED', 'PARTIALLY_REFUNDED') and not exists (
           select 1 from link_events e where e.link_id = l.id and e.type = 'refunded'
             and (e.data->>'totalRefundedMinor')::int = l.refunded_minor and e.occurred_at > l.completed_at))`,
    );
    expect(missing).toEqual([]);
    expect(
      await count(
        `select 1 from link_events e join messages m on m.id = (e.data->>'messageId')::uuid
          where e.type = 'sent' and e.occurred_at <> m.sent_at`,
      ),
    ).toBe(0);
    expect(await count(`select 1 from link_events where occurred_at > $1`, [NOW])).toBe(0);
  });

  it('creates links mostly on weekdays and in office hours, clinic time', async () => {
    const [spread] = await rows<{ weekday: number; office: number }>(
      `select avg((extract(isodow from created_at at time zone 'America/Chicago') < 6)::int)::float8 as weekday,
         avg((extract(hour from created_at at time zone 'America/Chicago') between 8 and 17)::int)::float8 as office
       from payment_links`,
    );
    expect(spread!.weekday).toBeGreaterThan(0.85);
    expect(spread!.office).toBeGreaterThan(0.7);
    const [range] = await rows<{ days: number }>(
      `select (extract(epoch from $1::timestamptz - min(created_at)) / 86400)::float8 as days from payment_links`,
      [NOW],
    );
    expect(range!.days).toBeGreaterThan(150);
    expect(range!.days).toBeLessThanOrEqual(180);
  });

  it('generates the same data again from the same seed', async () => {
    const options = { links: 200, clicks: 1500, seed: 7, now: NOW, vacuum: false };
    const first = await generateDemoData(pool, options);
    const second = await generateDemoData(pool, options);
    const snapshot = async (organizationId: string) => ({
      links: await rows(
        `select type, status, currency, amount_minor, line_items, description, created_at, expires_at, completed_at,
           click_count, last_clicked_at, send_via, sent_via_email, sent_via_sms
         from payment_links where organization_id = $1 order by created_at, amount_minor`,
        [organizationId],
      ),
      clicks: await rows(
        `select created_at, method, is_bot, bot_reason, user_agent, channel, ip_address, device_type
         from payment_link_clicks where organization_id = $1 order by created_at, user_agent`,
        [organizationId],
      ),
    });
    const a = await snapshot(first.organizationIds[0]!);
    const b = await snapshot(second.organizationIds[0]!);
    expect(a.links).toHaveLength(200);
    expect(a.clicks).toHaveLength(1500);
    expect(b).toEqual(a);
    expect(first.organizationIds[0]).not.toBe(second.organizationIds[0]);
  });

  it('gives patients no Stripe customer ids of its own making: the gateway never issued them', async () => {
    const ids = [generated.organizationIds];
    expect(
      await count(
        `select 1 from patients where organization_id = any($1) and stripe_customer_id is not null`,
        ids,
      ),
    ).toBe(0);
    // Cards on file are still there to show (and for the expiring-card scan).
    expect(
      await count(`select 1 from patients where organization_id = any($1) and card_last4 is not null`, ids),
    ).toBeGreaterThan(0);
  });

  it('fills an existing organization', async () => {
    const organizationId = generated.organizationIds[1]!;
    const result = await generateDemoData(pool, { links: 50, organizationId, now: NOW, vacuum: false });
    expect(result.organizationIds).toEqual([organizationId]);
    expect(await count(`select 1 from payment_links where organization_id = $1`, [organizationId])).toBe(
      LINKS + 50,
    );
    expect(
      await count(`select 1 from payment_link_clicks where organization_id = $1`, [organizationId]),
    ).toBe(CLICKS + 500);
  });

  it('refuses too few clicks for the paid links, leaving nothing behind', async () => {
    const before = await count(`select 1 from organizations`);
    await expect(generateDemoData(pool, { links: 100, clicks: 10, now: NOW, vacuum: false })).rejects.toThrow(
      DemoDataError,
    );
    expect(await count(`select 1 from organizations`)).toBe(before);
  });
});

describe('demo history and the payment gateway', () => {
  it('every generated patient can be sent a link, and a generated open link opens (a fresh sandbox knows them)', async () => {
    const c = await createTestContainer({ now: new Date() });
    try {
      const demo = await seedDemoData(c, undefined);
      await generateDemoData(c.pool, {
        organizationId: demo.organizationId,
        links: 120,
        clicks: 1200,
        days: 30,
        seed: 2026,
        vacuum: false,
      });
      const patients = await c.pool.query<{ id: string }>(
        `select id from patients where organization_id = $1 and card_last4 is not null`,
        [demo.organizationId],
      );
      expect(patients.rows.length).toBeGreaterThan(0);
      // Each would fail with "No such customer" if the generator still invented customer ids.
      for (const patient of patients.rows)
        await createTestCheckoutLink(c, {
          organizationId: demo.organizationId,
          patientId: patient.id,
          amount: 25,
        });
      const active = await c.pool.query<{ short_code: string }>(
        `select short_code from payment_links
          where organization_id = $1 and status = 'ACTIVE' and expires_at > now()
            and metadata->>'source' = 'generate-demo' limit 3`,
        [demo.organizationId],
      );
      expect(active.rows.length).toBeGreaterThan(0);
      for (const { short_code } of active.rows)
        expect((await openLink(short_code, c.paymentDeps())).kind).toBe('redirect');
    } finally {
      await c.dropDatabase();
    }
  });
});
