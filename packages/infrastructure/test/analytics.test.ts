// Analytics against hand-computed fixtures: human clicks and unique visitors (bots excluded),
// days in the organization's time zone, channel attribution, currencies kept apart, tenants kept
// apart, the per-link click facts equal to the raw rows, and IP retention.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLinkAnalytics, getOrganizationAnalytics, pruneClickData } from '@clinicpay/domain';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import type { Click } from '../src/links/click-recorder.ts';

let c: TestContainer;
let demo: DemoCredentials;
const RIVERSIDE_DR_LEE = '9a0b0000-0000-4000-8000-000000000001';
const RIVERSIDE_DR_ORTIZ = '9a0b0000-0000-4000-8000-000000000002';
const LAKESIDE_DR_VARGA = '9a0b0000-0000-4000-8000-000000000003';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';
const WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

beforeAll(async () => {
  c = await createTestContainer({ now: new Date('2026-03-20T15:00:00Z') });
  demo = await seedDemoData(c, undefined);
});
afterAll(async () => {
  await c.dropDatabase();
});

type LinkFixture = {
  organizationId?: string;
  patientId?: string;
  providerId?: string;
  currency?: string;
  amountMinor?: number;
  createdAt: string;
  sentViaEmail?: boolean;
  sentViaSms?: boolean;
};

async function insertLink(f: LinkFixture): Promise<string> {
  const id = randomUUID();
  const createdAt = new Date(f.createdAt);
  await c.scope().em.execute(
    `insert into payment_links (id, organization_id, provider_id, patient_id, type, status, currency, amount_minor, line_items,
       short_code, expires_at, session_count, sent_via_email, sent_via_sms, email_sent_at, sms_sent_at, created_at, updated_at)
     values (?, ?, ?, ?, 'CHECKOUT', 'ACTIVE', ?, ?, '[]'::jsonb, ?, ?, 0, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      f.organizationId ?? demo.organizationId,
      f.providerId ?? RIVERSIDE_DR_LEE,
      f.patientId ?? demo.patientIds[0]!,
      f.currency ?? 'USD',
      f.amountMinor ?? 5000,
      randomUUID().replace(/-/g, '').slice(0, 15),
      new Date(createdAt.getTime() + 7 * 86_400_000),
      f.sentViaEmail ?? false,
      f.sentViaSms ?? false,
      f.sentViaEmail ? new Date(createdAt.getTime() + 60_000) : null,
      f.sentViaSms ? new Date(createdAt.getTime() + 60_000) : null,
      createdAt,
      createdAt,
    ],
  );
  return id;
}

/** Marks a link paid at `at` with one payment of its amount (what the Stripe webhook leaves behind). */
async function pay(linkId: string, at: string) {
  const em = c.scope().em;
  const [link] = await em.execute<
    Array<{
      organization_id: string;
      patient_id: string;
      provider_id: string;
      currency: string;
      amount_minor: number;
    }>
  >(
    `select organization_id, patient_id, provider_id, currency, amount_minor from payment_links where id = ?`,
    [linkId],
  );
  await em.execute(`update payment_links set status = 'COMPLETED', completed_at = ? where id = ?`, [
    new Date(at),
    linkId,
  ]);
  await em.execute(
    `insert into payments (id, organization_id, link_id, patient_id, provider_id, status, currency, amount_minor, stripe_payment_intent_id, paid_at, created_at)
     values (?, ?, ?, ?, ?, 'SUCCEEDED', ?, ?, ?, ?, ?)`,
    [
      randomUUID(),
      link!.organization_id,
      linkId,
      link!.patient_id,
      link!.provider_id,
      link!.currency,
      link!.amount_minor,
      `pi_${randomUUID()}`,
      new Date(at),
      new Date(at),
    ],
  );
}

async function click(
  linkId: string,
  at: string,
  opts: Partial<Click> = {},
  organizationId = demo.organizationId,
) {
  c.clicks.record({
    linkId,
    organizationId,
    at: new Date(at),
    method: 'GET',
    ip: '203.0.113.10',
    userAgent: IPHONE,
    referrer: null,
    channel: null,
    isBot: false,
    botReason: null,
    redirected: true,
    ...opts,
  });
  await c.clicks.flush();
}

describe('per-link analytics', () => {
  it('counts 5 human clicks by 3 visitors, ignores 2 bot hits, and converts 1 in 3', async () => {
    const linkId = await insertLink({ createdAt: '2026-03-18T14:00:00Z', sentViaSms: true });
    // Visitor A (iPhone) twice, visitor B (Android) twice, visitor C (Windows) once. (Visitors are
    // told apart within a UTC day: the salt behind the hash changes daily — see docs/metrics.md.)
    await click(linkId, '2026-03-18T14:05:00Z', { channel: 'sms' });
    await click(linkId, '2026-03-18T14:06:00Z', { channel: 'sms' });
    await click(linkId, '2026-03-18T15:00:00Z', { ip: '198.51.100.7', userAgent: ANDROID, channel: 'sms' });
    await click(linkId, '2026-03-18T20:00:00Z', { ip: '198.51.100.7', userAgent: ANDROID, channel: 'sms' });
    await click(linkId, '2026-03-19T16:00:00Z', { ip: '192.0.2.55', userAgent: WINDOWS });
    // A link preview and a scanner's HEAD request.
    await click(linkId, '2026-03-18T14:00:30Z', {
      ip: '66.220.149.1',
      userAgent: 'facebookexternalhit/1.1',
      isBot: true,
      botReason: 'known_bot',
    });
    await click(linkId, '2026-03-18T14:00:31Z', { method: 'HEAD', isBot: true, botReason: 'head_request' });
    await pay(linkId, '2026-03-19T16:10:00Z');

    const result = await getLinkAnalytics(
      { organizationId: demo.organizationId, linkId },
      c.requestDeps().analytics,
    );
    if (!result.ok) throw result.error;
    const a = result.value;
    expect(a).toMatchObject({
      linkId,
      clicks: 5,
      uniqueClicks: 3,
      conversionRate: 0.3333,
      botClicks: 2,
      devices: { mobile: 4, desktop: 1 },
      channels: { sms: 4, direct: 1 },
      // First human click 14:05 on the 18th → paid 16:10 on the 19th.
      averageTimeToPayment: 26 * 3600 + 5 * 60,
      // Sent 14:01 on the 18th → paid.
      averageTimeFromSentToPayment: 26 * 3600 + 9 * 60,
      // New York days (UTC-4 in March after DST): all five are daytime.
      clicksByDay: [
        { date: '2026-03-18', count: 4 },
        { date: '2026-03-19', count: 1 },
      ],
    });
    expect(a.timeline.filter((e) => e.type === 'click')).toHaveLength(5);
    expect(a.timeline.filter((e) => e.type === 'bot_click')).toHaveLength(2);
  });

  it("puts clicks on either side of midnight on the right days in the organization's time zone", async () => {
    const lakeside = demo.otherOrganization;
    const linkId = await insertLink({
      organizationId: lakeside.organizationId,
      patientId: lakeside.patientIds[0]!,
      providerId: LAKESIDE_DR_VARGA,
      createdAt: '2026-03-15T20:00:00Z',
    });
    // Chicago is UTC-5 in March (after DST): 04:30Z is 23:30 on the 15th, 05:30Z is 00:30 on the 16th.
    await click(linkId, '2026-03-16T04:30:00Z', {}, lakeside.organizationId);
    await click(linkId, '2026-03-16T05:30:00Z', { ip: '192.0.2.9' }, lakeside.organizationId);
    const result = await getLinkAnalytics(
      { organizationId: lakeside.organizationId, linkId },
      c.requestDeps().analytics,
    );
    if (!result.ok) throw result.error;
    expect(result.value.clicksByDay).toEqual([
      { date: '2026-03-15', count: 1 },
      { date: '2026-03-16', count: 1 },
    ]);
    // Another organization can't see it.
    const other = await getLinkAnalytics(
      { organizationId: demo.organizationId, linkId },
      c.requestDeps().analytics,
    );
    expect(!other.ok && other.error.code).toBe('NOT_FOUND');
  });
});

describe('organization analytics', () => {
  it('attributes conversions to the channel the patient came through, keeps currencies apart and tenants apart', async () => {
    const deps = c.requestDeps().analytics;
    const range = { from: '2026-03-01', to: '2026-03-10' };
    const before = await getOrganizationAnalytics({ organizationId: demo.organizationId, ...range }, deps);
    if (!before.ok) throw before.error;
    expect(before.value.totalLinksCreated).toBe(0);

    // By email, clicked from the email, paid: an email conversion.
    const byEmail = await insertLink({
      createdAt: '2026-03-02T15:00:00Z',
      sentViaEmail: true,
      amountMinor: 12_000,
    });
    await c.scope().em.execute(
      `insert into messages (id, organization_id, link_id, patient_id, channel, kind, reason, recipient, status, delivered_at, created_at, updated_at)
       values (?, ?, ?, ?, 'email', 'payment_request', 'initial', 'x@example.com', 'delivered', ?, ?, ?)`,
      [
        randomUUID(),
        demo.organizationId,
        byEmail,
        demo.patientIds[0]!,
        new Date('2026-03-02T15:01:00Z'),
        new Date('2026-03-02T15:00:00Z'),
        new Date('2026-03-02T15:01:00Z'),
      ],
    );
    // (What the delivery webhook leaves on the link with the message.)
    await c
      .scope()
      .em.execute(`update payment_links set email_delivered_at = ? where id = ?`, [
        new Date('2026-03-02T15:01:00Z'),
        byEmail,
      ]);
    await click(byEmail, '2026-03-02T16:00:00Z', { channel: 'email' });
    await pay(byEmail, '2026-03-02T16:05:00Z');
    // By SMS, opened from the text, later from a copied link, then paid: a direct conversion (last touch).
    const bySms = await insertLink({
      createdAt: '2026-03-03T15:00:00Z',
      sentViaSms: true,
      currency: 'CAD',
      amountMinor: 4_550,
      providerId: RIVERSIDE_DR_ORTIZ,
    });
    await click(bySms, '2026-03-03T16:00:00Z', { channel: 'sms' });
    await click(bySms, '2026-03-04T16:00:00Z', { channel: 'direct' });
    await pay(bySms, '2026-03-04T16:01:00Z');
    // Shared in the office, never opened, still pending.
    await insertLink({ createdAt: '2026-03-05T15:00:00Z', amountMinor: 2_500 });
    // Outside the range: not counted.
    await insertLink({ createdAt: '2026-03-11T15:00:00Z', amountMinor: 9_999 });
    // Lakeside's link in the same days: never in Riverside's numbers.
    await insertLink({
      organizationId: demo.otherOrganization.organizationId,
      patientId: demo.otherOrganization.patientIds[0]!,
      providerId: LAKESIDE_DR_VARGA,
      createdAt: '2026-03-02T15:00:00Z',
      amountMinor: 77_700,
    });

    const result = await getOrganizationAnalytics({ organizationId: demo.organizationId, ...range }, deps);
    if (!result.ok) throw result.error;
    const a = result.value;
    expect(a.totalLinksCreated).toBe(3);
    expect(a.totalAmountRequested).toEqual({ CAD: '45.50', USD: '145.00' });
    expect(a.totalAmountCollected).toEqual({ CAD: '45.50', USD: '120.00' });
    expect(a.totalAmountPending).toEqual({ USD: '25.00' });
    expect(a.averageConversionRate).toBe(0.6667);
    expect(a.channelMetrics.email).toMatchObject({ sent: 1, delivered: 1, clicked: 1, converted: 1 });
    expect(a.channelMetrics.sms).toMatchObject({ sent: 1, delivered: 0, clicked: 1, converted: 0 });
    expect(a.channelMetrics.direct).toMatchObject({ shared: 1, clicked: 1, converted: 1 });
    expect(a.linksByDay).toEqual([
      { date: '2026-03-02', created: 1, completed: 1, expired: 0 },
      { date: '2026-03-03', created: 1, completed: 0, expired: 0 },
      { date: '2026-03-04', created: 0, completed: 1, expired: 0 },
      { date: '2026-03-05', created: 1, completed: 0, expired: 0 },
    ]);
    expect(a.topProviders).toEqual([
      {
        providerId: RIVERSIDE_DR_LEE,
        name: 'Dr. Maya Lee',
        linksCreated: 2,
        conversionRate: 0.5,
        totalCollected: { USD: '120.00' },
      },
      {
        providerId: RIVERSIDE_DR_ORTIZ,
        name: 'Dr. Samuel Ortiz',
        linksCreated: 1,
        conversionRate: 1,
        totalCollected: { CAD: '45.50' },
      },
    ]);
    expect(a.revenue.averagePayment).toEqual({ CAD: '45.50', USD: '120.00' });
    // Sent 15:01 → paid 16:05 (3,840 s) and sent 15:01 → paid next day 16:01 (90,000 s): median 46,920 s.
    expect(a.revenue.paymentVelocitySeconds).toBe(46_920);

    // A refund later doesn't undo the conversion; it shows as a refund.
    await c
      .scope()
      .em.execute(
        `update payment_links set status = 'REFUNDED', refunded_minor = amount_minor where id = ?`,
        [bySms],
      );
    await c
      .scope()
      .em.execute(
        `update payments set status = 'REFUNDED', refunded_minor = amount_minor where link_id = ?`,
        [bySms],
      );
    const refunded = await getOrganizationAnalytics({ organizationId: demo.organizationId, ...range }, deps);
    if (!refunded.ok) throw refunded.error;
    expect(refunded.value.averageConversionRate).toBe(0.6667);
    expect(refunded.value.channelMetrics.direct.converted).toBe(1);
    expect(refunded.value.revenue.refunded).toEqual({ CAD: '45.50' });
    expect(refunded.value.revenue.refunds).toEqual({ CAD: 1 });

    const byProvider = await getOrganizationAnalytics(
      { organizationId: demo.organizationId, ...range, providerId: RIVERSIDE_DR_ORTIZ },
      deps,
    );
    if (!byProvider.ok) throw byProvider.error;
    expect(byProvider.value.totalLinksCreated).toBe(1);
    expect(byProvider.value.totalAmountCollected).toEqual({ CAD: '45.50' });

    const lakeside = await getOrganizationAnalytics(
      { organizationId: demo.otherOrganization.organizationId, ...range },
      deps,
    );
    if (!lakeside.ok) throw lakeside.error;
    expect(lakeside.value.totalLinksCreated).toBe(1);
    expect(lakeside.value.totalAmountRequested).toEqual({ USD: '777.00' });
  });

  it('names the field when a filter is wrong', async () => {
    const deps = c.requestDeps().analytics;
    const bad = await getOrganizationAnalytics(
      {
        organizationId: demo.organizationId,
        from: '2026-02-30',
        to: '2026-03-01',
        providerId: 'x',
        type: 'GIFT',
      },
      deps,
    );
    expect(!bad.ok && bad.error.fieldErrors.map((e) => e.field)).toEqual(['from', 'providerId', 'type']);
    const backwards = await getOrganizationAnalytics(
      { organizationId: demo.organizationId, from: '2026-03-10', to: '2026-03-01' },
      deps,
    );
    expect(!backwards.ok && backwards.error.fieldErrors[0]).toEqual({
      field: 'from',
      message: 'must not be after `to`',
    });
  });
});

describe('per-link click facts', () => {
  it('equal the raw click rows after many random batches', async () => {
    const links = await Promise.all(
      Array.from({ length: 6 }, (_, i) => insertLink({ createdAt: `2026-02-0${i + 1}T12:00:00Z` })),
    );
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const channels = [null, 'email', 'sms', 'direct'] as const;
    for (let batch = 0; batch < 8; batch += 1) {
      for (let i = 0; i < 40; i += 1) {
        const linkId = links[Math.floor(random() * links.length)]!;
        const bot = random() < 0.2;
        c.clicks.record({
          linkId,
          organizationId: demo.organizationId,
          at: new Date(Date.UTC(2026, 1, 10) + Math.floor(random() * 20 * 86_400_000)),
          method: bot && random() < 0.5 ? 'HEAD' : 'GET',
          ip: `192.0.2.${Math.floor(random() * 20)}`,
          userAgent: random() < 0.5 ? IPHONE : WINDOWS,
          referrer: null,
          channel: channels[Math.floor(random() * channels.length)]!,
          isBot: bot,
          botReason: bot ? 'known_bot' : null,
          redirected: !bot,
        });
      }
      await c.clicks.flush();
    }
    const rows = await c.scope().em.execute<Array<Record<string, unknown>>>(
      `select l.id, l.click_count, l.first_clicked_at, l.last_clicked_at, l.clicked_via, l.last_click_channel,
              count(k.*) filter (where not k.is_bot) as raw_count, min(k.created_at) filter (where not k.is_bot) as raw_first,
              max(k.created_at) filter (where not k.is_bot) as raw_last,
              coalesce(array_agg(distinct coalesce(k.channel, 'direct')) filter (where not k.is_bot), '{}') as raw_via,
              (array_agg(coalesce(k.channel, 'direct') order by k.created_at desc) filter (where not k.is_bot))[1] as raw_last_channel
         from payment_links l left join payment_link_clicks k on k.organization_id = l.organization_id and k.link_id = l.id
        where l.id = any(array(select jsonb_array_elements_text(?::jsonb))::uuid[])
        group by l.id`,
      [JSON.stringify(links)],
    );
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      expect(Number(r.click_count)).toBe(Number(r.raw_count));
      expect(String(r.first_clicked_at)).toBe(String(r.raw_first));
      expect(String(r.last_clicked_at)).toBe(String(r.raw_last));
      expect([...(r.clicked_via as string[])].sort()).toEqual([...(r.raw_via as string[])].sort());
      expect(r.last_click_channel).toBe(r.raw_last_channel);
    }
  });
});

describe('retention', () => {
  it('erases click addresses after the retention period and deletes old visitor salts', async () => {
    const linkId = await insertLink({ createdAt: '2026-01-01T12:00:00Z' });
    await click(linkId, '2026-01-02T12:00:00Z', { ip: '203.0.113.99' }); // 77 days before "now"
    await click(linkId, '2026-03-19T12:00:00Z', { ip: '203.0.113.98' }); // yesterday
    const result = await pruneClickData(c.retentionDeps());
    expect(result.erasedAddresses).toBeGreaterThanOrEqual(1);
    const left = await c
      .scope()
      .em.execute<Array<{ ip: string | null; visitor_hash: string | null }>>(
        `select host(ip_address) as ip, visitor_hash from payment_link_clicks where link_id = ? order by created_at`,
        [linkId],
      );
    expect(left.map((r) => r.ip)).toEqual([null, '203.0.113.98']);
    expect(left.every((r) => r.visitor_hash !== null)).toBe(true);
    const salts = await c
      .scope()
      .em.execute<Array<{ day: string }>>(
        `select to_char(day, 'YYYY-MM-DD') as day from visitor_salts order by day`,
      );
    expect(salts.map((s) => s.day).every((d) => d >= '2026-03-19')).toBe(true);
  });
});
