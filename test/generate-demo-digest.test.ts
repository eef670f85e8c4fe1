// The demo-data generator's output, pinned: for a fixed seed and `now`, every row it writes, in
// every table it writes, is digested and compared — between two databases filled by the same call,
// and with the digests recorded from the generator as it stood before it was split into steps
// (scripts/demo-data/). A change to any value, row count or table shows up here.
//
// Ids are random by design (a seed can be used twice in one database), so each generated id is
// replaced by a label from the order of its row's own facts (`o1`, `pv3`, `pt12`, `l40`, `m7`),
// wherever it appears: as a key, as a reference, or inside a derived string (`pi_gen_<id>`,
// `capture_<id>`). Values derived from an id alone are checked against it instead: the short code
// (md5 of the link id, like parseShortCode expects) and the visitor hash (which visitor it hashes).
//
// If the generator is changed on purpose, the recorded digests change with it: update RECORDED
// with the values this test reports, and say so in the commit.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH } from '@clinicpay/domain';
import { createTestDatabase, type TestDatabase } from '@clinicpay/standins/testing';
import { generateDemoData } from '../scripts/generate-demo-data.ts';

const NOW = new Date('2026-03-16T15:00:00Z');

/** Two new organizations (both in one call, filled concurrently), then more for the first of them. */
async function generate(pool: pg.Pool): Promise<void> {
  const created = await generateDemoData(pool, {
    links: 400,
    clicks: 3000,
    organizations: 2,
    seed: 20260316,
    now: NOW,
    vacuum: false,
  });
  await generateDemoData(pool, {
    organizationId: created.organizationIds[0]!,
    links: 80,
    days: 30,
    seed: 7,
    now: new Date('2026-04-01T09:30:00Z'),
    vacuum: false,
  });
}

/** The columns the generator writes, per table (a column added later with a default is not its output). */
const TABLES = {
  organizations: `id, name, slug, time_zone, locale, default_currency, contact_phone, contact_email, settings,
    created_at, updated_at`,
  providers: `id, organization_id, name, email, active, created_at, updated_at`,
  patients: `id, organization_id, name, email, phone, preferred_channel, email_consent, sms_consent,
    stripe_customer_id, card_brand, card_last4, card_exp_month, card_exp_year, card_payment_method_id,
    card_updated_at, created_at, updated_at`,
  payment_links: `id, organization_id, provider_id, patient_id, type, status, currency, amount_minor, line_items,
    description, metadata, expires_at, completed_at, expired_at, cancelled_at, stripe_session_id, session_count,
    payment_intent_id, setup_intent_id, card_payment_method_id, receipt_url, refunded_minor,
    last_payment_failure_code, last_payment_failure_message, last_payment_failed_at, send_via, click_count,
    first_clicked_at, last_clicked_at, clicked_via, last_click_channel, sent_via_email, sent_via_sms,
    email_sent_at, sms_sent_at, recipient_email, recipient_phone, email_delivered_at, sms_delivered_at,
    created_at, updated_at, version`,
  messages: `id, organization_id, link_id, patient_id, channel, kind, reason, recipient, status, provider,
    provider_message_id, segments, attempts, error_code, error_message, scheduled_for, sent_at, delivered_at,
    failed_at, created_at, updated_at`,
  payments: `organization_id, link_id, patient_id, provider_id, status, currency, amount_minor, refunded_minor,
    stripe_payment_intent_id, stripe_charge_id, receipt_url, failure_code, failure_message, paid_at, created_at,
    updated_at`,
  // visitor_hash = md5(link id : visitor : day): replaced by the visitor it hashes (below).
  payment_link_clicks: `organization_id, link_id, created_at, method, ip_address, user_agent, referrer, channel,
    is_bot, bot_reason, device_type, browser, os`,
  link_events: `organization_id, link_id, type, occurred_at, data`,
} as const;

type Table = keyof typeof TABLES;
type Digest = Record<Table, { rows: number; sha256: string }>;

// Labels in the order of each row's own (non-random) facts; `ties` counts rows the order cannot tell
// apart, which would make a label, and so the digest, depend on chance.
const LABELS = [
  {
    kind: 'organizations',
    sql: `select id, 'o' || row_number() over (order by name, created_at) as label,
            count(*) over (partition by name, created_at) - 1 as ties
          from organizations`,
  },
  {
    kind: 'providers',
    sql: `select v.id, 'pv' || row_number() over (order by o.label, v.created_at, v.email) as label,
            count(*) over (partition by o.label, v.created_at, v.email) - 1 as ties
          from providers v join digest_label o on o.id = v.organization_id`,
  },
  {
    kind: 'patients',
    sql: `select t.id, 'pt' || row_number() over (order by o.label, t.created_at, t.name, t.email, t.phone) as label,
            count(*) over (partition by o.label, t.created_at, t.name, t.email, t.phone) - 1 as ties
          from patients t join digest_label o on o.id = t.organization_id`,
  },
  {
    kind: 'payment_links',
    sql: `select l.id, 'l' || row_number() over (order by o.label, l.created_at, l.type, l.amount_minor) as label,
            count(*) over (partition by o.label, l.created_at, l.type, l.amount_minor) - 1 as ties
          from payment_links l join digest_label o on o.id = l.organization_id`,
  },
  {
    kind: 'messages',
    sql: `select m.id, 'm' || row_number() over (order by k.n, m.channel) as label,
            count(*) over (partition by k.n, m.channel) - 1 as ties
          from messages m join (select id, substr(label, 2)::int as n from digest_label where label like 'l%') k
            on k.id = m.link_id`,
  },
] as const;

const UUID = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/g;

/** The short code generate-demo derives from a link id: md5 bytes into the code alphabet. */
function shortCodeOf(id: string): string {
  const bytes = createHash('md5').update(id).digest();
  let code = '';
  for (let k = 0; k < SHORT_CODE_LENGTH; k++)
    code += SHORT_CODE_ALPHABET[bytes[k]! % SHORT_CODE_ALPHABET.length];
  return code;
}

async function digest(url: string): Promise<{ digest: Digest; ties: number; problems: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Timestamps print the same on every server.
    await client.query(`set timezone = 'UTC'`);
    await client.query(`create temp table digest_label (id uuid primary key, label text not null)`);
    let ties = 0;
    for (const { sql } of LABELS) {
      const { rows } = await client.query<{ id: string; label: string; ties: string }>(sql);
      ties += rows.filter((r) => Number(r.ties) > 0).length;
      await client.query(`insert into digest_label select * from unnest($1::uuid[], $2::text[])`, [
        rows.map((r) => r.id),
        rows.map((r) => r.label),
      ]);
    }
    const labels = new Map<string, string>();
    for (const r of (await client.query<{ id: string; label: string }>(`select id, label from digest_label`))
      .rows)
      labels.set(r.id.replaceAll('-', ''), r.label);
    const slugs = (
      await client.query<{ slug: string; label: string }>(
        `select o.slug, l.label from organizations o join digest_label l on l.id = o.id`,
      )
    ).rows;

    const problems: string[] = [];
    const codes = await client.query<{ id: string; short_code: string }>(
      `select id, short_code from payment_links`,
    );
    for (const { id, short_code } of codes.rows)
      if (short_code !== shortCodeOf(id))
        problems.push(`link ${labels.get(id.replaceAll('-', ''))}: short code`);

    const result = {} as Digest;
    for (const table of Object.keys(TABLES) as Table[]) {
      const visitor =
        table === 'payment_link_clicks'
          ? `, (select v from (values (1), (2), (3), (1001), (1002), (1003), (1004), (1005), (1006)) x(v)
               where md5(t.link_id::text || ':' || v || ':' || (t.created_at at time zone 'UTC')::date) = t.visitor_hash)
               as visitor`
          : '';
      const { rows } = await client.query<{ row: string }>(
        `select row_to_json(r)::text as row from (select ${TABLES[table]}${visitor} from ${table} t) r`,
      );
      const lines = rows.map(({ row }) => {
        let line = row;
        for (const { slug, label } of slugs) line = line.replaceAll(slug, `<slug ${label}>`);
        return line.replace(UUID, (id) => {
          const label = labels.get(id.replaceAll('-', ''));
          if (!label) problems.push(`${table}: an id that is not a generated row's: ${line}`);
          return label ?? '<unknown>';
        });
      });
      if (table === 'payment_link_clicks')
        for (const line of lines)
          if (line.includes('"visitor":null')) problems.push(`click: visitor hash ${line}`);
      lines.sort();
      result[table] = {
        rows: lines.length,
        sha256: createHash('sha256').update(lines.join('\n')).digest('hex'),
      };
    }
    return { digest: result, ties, problems };
  } finally {
    await client.end();
  }
}

/** From the generator before it was split into steps (commit b68bcfc), on PostgreSQL 15 and 18. */
const RECORDED: Digest = {
  organizations: { rows: 2, sha256: '7f1b8bc9badf32aaa619eccbc42f1d391cbbe0d09bfb746eb7d4424068da7a5c' },
  providers: { rows: 18, sha256: '3f756667abbfb0537d4bfb6204ebd543bb069e61c77469fb0c65829f23d6f552' },
  patients: { rows: 176, sha256: 'ac08146e1a97a6d0899f0b1381a33cda1b66dccd44a8962dc0f0baf207f19917' },
  payment_links: { rows: 880, sha256: '508f3146c3e8e32f7a944e2f545916a148240fd6cd2614816c72dcaca681ef6e' },
  messages: { rows: 783, sha256: '79a92ba8f6db1e9b2bdc4bd56c98b0fe43b8a3a1188799af0bf26add89d12bc5' },
  payments: { rows: 442, sha256: 'd3c3ef181b21ca9de730557f21046ef4fcd2a8cdcf514e71b99c34cbfbe3a2ed' },
  payment_link_clicks: {
    rows: 6800,
    sha256: 'e9c1cb4b5a04696deefb31f9d8cfbc44cd8984a448d3206b5cab7ce339bd0da0',
  },
  link_events: { rows: 3164, sha256: 'acecce49c09ee44ca25637e4edcaf5dd2dd6af3c6c549bb07f70937620f911e9' },
};

let first: TestDatabase;
let second: TestDatabase;
let digests: Array<Awaited<ReturnType<typeof digest>>>;

beforeAll(async () => {
  [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  digests = [];
  for (const db of [first, second]) {
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    pool.on('error', () => {});
    try {
      await generate(pool);
    } finally {
      await pool.end();
    }
    digests.push(await digest(db.url));
  }
}, 300_000);

afterAll(async () => {
  await first?.drop();
  await second?.drop();
});

describe('generateDemoData, digested', () => {
  it('labels every generated row by its own facts, and derives short codes and visitor hashes from ids', () => {
    for (const d of digests) {
      expect(d.ties).toBe(0);
      expect(d.problems).toEqual([]);
    }
  });

  it('writes the same rows and values into two databases from the same seed', () => {
    expect(digests[0]!.digest.payment_link_clicks.rows).toBe(3000 * 2 + 800);
    expect(digests[1]!.digest).toEqual(digests[0]!.digest);
  });

  it('writes exactly what the generator wrote before it was split into steps', () => {
    expect(digests[0]!.digest).toEqual(RECORDED);
  });
});
