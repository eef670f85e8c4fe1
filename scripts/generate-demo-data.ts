// Demo data for analytics load tests: organizations full of payment links, messages, clicks,
// payments and timeline events, shaped like what the application writes. Everything is generated
// set-based in PostgreSQL (generate_series, one statement per table, temp tables for the
// intermediate draws), one transaction per organization, so 100,000 links and 1,000,000 clicks
// take seconds rather than the hours a row-at-a-time loop would.
//
// Reproducible: with `seed`, setseed() fixes every random() draw, so the same seed and `now` give
// the same links, amounts, times, statuses and clicks (ids and short codes stay random, so a seed
// can be used twice in one database).
import { randomInt, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { DEFAULT_ORGANIZATION_SETTINGS, SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH } from '@clinicpay/domain';
// The click recorder's own enrichment (bowser), so generated device/browser/OS values are exactly
// the ones live clicks get. Not exported by the package: a dev script may reach in.
import { describeUserAgent } from '../packages/infrastructure/src/links/click-enrichment.ts';

export type GenerateDemoOptions = {
  /** Payment links per organization. */
  links: number;
  /** Clicks per organization (exact); defaults to 10 × links. */
  clicks?: number;
  /** Fill this existing organization instead of creating new ones. */
  organizationId?: string;
  /** How many fresh organizations ("Generated Clinic 1..K") to create; default 1. */
  organizations?: number;
  /** Links are created over this many days back from `now`; default 180, at least 7. */
  days?: number;
  /** Any integer; without it a random seed is used (reported in the result). */
  seed?: number;
  /** The generation's "now"; defaults to the current time. */
  now?: Date;
  /** Time zone of newly created organizations; default America/Chicago. */
  timeZone?: string;
  /** Run VACUUM (ANALYZE) on the filled tables afterwards, as a live database would be; default true. */
  vacuum?: boolean;
  /** Organizations filled at the same time (each in its own transaction and connection); default 2. */
  concurrency?: number;
  /** Progress lines (one per step, with its duration). */
  log?: (message: string) => void;
};

export type GeneratedCounts = {
  providers: number;
  patients: number;
  links: number;
  messages: number;
  clicks: number;
  payments: number;
  linkEvents: number;
};

export type GenerateDemoResult = {
  organizationIds: string[];
  seed: number;
  /** Rows inserted, per organization, in the order of organizationIds. */
  counts: GeneratedCounts[];
};

export class DemoDataError extends Error {}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const FIRST_NAMES = (
  'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard ' +
  'Susan Joseph Jessica Thomas Sarah Carlos Karen Daniel Lisa Matthew Nancy Anthony Sandra Mark Ashley ' +
  'Luis Emily Kevin Michelle Brian Maria George Amanda Wei Priya Ahmed Fatima Hiroshi Aisha Mateo ' +
  'Sofia Noah Olivia Liam Emma Ethan Ava'
).split(' ');

const LAST_NAMES = (
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez ' +
  'Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark ' +
  'Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams ' +
  'Nelson Baker Hall Rivera Campbell Mitchell Carter Patel Chen Kim Novak Haddad'
).split(' ');

/** Chicago-area codes; numbers are 555 exchanges, e.g. +13125550123. */
const AREA_CODES = ['312', '773', '872', '630', '847', '708', '224', '331'];

const ITEM_NAMES = (
  'Office visit, Copay, Annual physical, Follow-up visit, Lab work, Blood panel, X-ray, Ultrasound, ' +
  'Physical therapy session, Consultation, Vaccination, Flu shot, Allergy testing, Dental cleaning, ' +
  'Filling, Crown, Orthodontic adjustment, Eye exam, Contact lens fitting, Dermatology consultation, ' +
  'Minor procedure, Telehealth visit, Prescription refill, Outstanding balance, Deductible balance, ' +
  'Medical records fee'
).split(', ');

type UserAgent = {
  /** iPhone Safari, Android Chrome, Samsung Internet, iPad, Windows Chrome/Edge/Firefox, Mac Safari/Chrome. */
  ua: string;
  /** Relative weights by the channel the visitor came through: SMS is read on phones. */
  weight: { sms: number; email: number; direct: number };
};

const USER_AGENTS: UserAgent[] = [
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    weight: { sms: 46, email: 24, direct: 30 },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
    weight: { sms: 26, email: 12, direct: 20 },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 14; SM-S921U) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
    weight: { sms: 8, email: 3, direct: 5 },
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
    weight: { sms: 5, email: 3, direct: 4 },
  },
  {
    ua: 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    weight: { sms: 3, email: 6, direct: 5 },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    weight: { sms: 1, email: 2, direct: 1 },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    weight: { sms: 4, email: 22, direct: 16 },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
    weight: { sms: 2, email: 12, direct: 7 },
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    weight: { sms: 2, email: 8, direct: 6 },
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    weight: { sms: 1, email: 4, direct: 3 },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
    weight: { sms: 1, email: 3, direct: 2 },
  },
];

/** Link-preview fetchers and crawlers: all recognised by detectBot (isbot). */
const BOT_USER_AGENTS = [
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'WhatsApp/2.24.12.78 A',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Twitterbot/1.0',
];

/** Relative link-creation volume by local hour: office hours, a lunch dip, little at night. */
const HOUR_WEIGHTS = [
  0.05, 0.02, 0.02, 0.02, 0.02, 0.05, 0.2, 0.6, 1.5, 2.2, 2.4, 2.3, 1.8, 2.0, 2.3, 2.2, 2.0, 1.5, 0.8, 0.5,
  0.35, 0.25, 0.15, 0.08,
];

/** Stripe decline codes as the app stores them (declineCode ?? code), common ones repeated. */
const PAYMENT_FAILURES: Array<[string, string]> = [
  ['card_declined', 'Your card was declined.'],
  ['card_declined', 'Your card was declined.'],
  ['card_declined', 'Your card was declined.'],
  ['insufficient_funds', 'Your card has insufficient funds.'],
  ['insufficient_funds', 'Your card has insufficient funds.'],
  ['expired_card', 'Your card has expired.'],
  ['incorrect_cvc', "Your card's security code is incorrect."],
  ['authentication_required', 'Your card was declined. This transaction requires authentication.'],
  ['processing_error', 'An error occurred while processing your card. Try again in a little bit.'],
];

const SMS_FAILED: Array<[string, string]> = [
  ['21211', "The 'To' number is not a valid phone number."],
  ['21610', 'Attempt to send to unsubscribed recipient'],
];
const SMS_UNDELIVERED: Array<[string, string]> = [
  ['30003', 'Unreachable destination handset'],
  ['30005', 'Unknown destination handset'],
  ['30006', 'Landline or unreachable carrier'],
  ['30007', 'Message filtered by the carrier'],
];
const EMAIL_FAILED: Array<[string, string]> = [['invalid_recipient', 'The email address was rejected']];
const EMAIL_UNDELIVERED: Array<[string, string]> = [
  ['bounce', '550 5.1.1 The email account that you tried to reach does not exist'],
  ['dropped', 'Bounced Address'],
];

const CARD_BRANDS = ['visa', 'visa', 'mastercard', 'amex', 'discover'];

// ---------------------------------------------------------------------------------------------

/** Lower bounds of each weight's bucket, normalised to [0, 1): for width_bucket(u, bounds). */
function lowerBounds(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const bounds: number[] = [];
  let sum = 0;
  for (const w of weights) {
    bounds.push(sum / total);
    sum += w;
  }
  return bounds;
}

/** setseed() takes a value in [-1, 1]; each organization of a run gets its own. */
function seedValue(seed: number, index: number): number {
  const x = Math.sin(seed * 12.9898 + index * 78.233 + 0.5) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

// The short code, from the bytes of md5(link id): same alphabet and length as generateShortCode,
// so parseShortCode accepts it. (A slight modulo bias is of no matter for demo data.)
if (SHORT_CODE_LENGTH > 16) throw new Error('short codes longer than an md5 are not supported here');
const SHORT_CODE_SQL = Array.from(
  { length: SHORT_CODE_LENGTH },
  (_, k) =>
    `substr('${SHORT_CODE_ALPHABET}', get_byte(code_bytes, ${k}) % ${SHORT_CODE_ALPHABET.length} + 1, 1)`,
).join(' || ');

type Step = (name: string, sql: string, params?: unknown[]) => Promise<pg.QueryResult>;

export async function generateDemoData(
  pool: pg.Pool,
  options: GenerateDemoOptions,
): Promise<GenerateDemoResult> {
  const links = options.links;
  const clicks = options.clicks ?? links * 10;
  const days = options.days ?? 180;
  const organizations = options.organizationId ? 1 : (options.organizations ?? 1);
  const seed = options.seed ?? randomInt(1, 2 ** 31);
  const now = options.now ?? new Date();
  const log = options.log ?? (() => {});

  if (!Number.isSafeInteger(links) || links < 1) throw new DemoDataError('links must be a whole number >= 1');
  if (!Number.isSafeInteger(clicks) || clicks < 0)
    throw new DemoDataError('clicks must be a whole number >= 0');
  if (!Number.isSafeInteger(days) || days < 7 || days > 3650)
    throw new DemoDataError('days must be a whole number from 7 to 3650');
  if (!Number.isSafeInteger(organizations) || organizations < 1)
    throw new DemoDataError('organizations must be a whole number >= 1');
  if (options.organizationId && options.organizations && options.organizations > 1)
    throw new DemoDataError('an existing organization and a number of organizations cannot be combined');
  if (!Number.isSafeInteger(seed)) throw new DemoDataError('seed must be an integer');

  const runTag = randomUUID().slice(0, 6);
  const filled: Array<{ organizationId: string; counts: GeneratedCounts } | undefined> = [];
  let next = 0;
  let failed = false;
  // Each organization is one transaction on its own connection; PostgreSQL runs a statement on one
  // core, so two organizations at once use both cores of a small machine.
  const worker = async () => {
    while (!failed && next < organizations) {
      const index = next++;
      const client = await pool.connect();
      const step: Step = async (name, sql, params) => {
        const started = performance.now();
        const res = await client.query(sql, params);
        const prefix = organizations > 1 ? `[${index + 1}] ` : '';
        log(
          `  ${prefix}${name}: ${res.rowCount ?? 0} rows, ${((performance.now() - started) / 1000).toFixed(2)} s`,
        );
        return res;
      };
      try {
        await client.query('begin');
        filled[index] = await fillOrganization(step, {
          index,
          existingOrganizationId: options.organizationId ?? null,
          name: `Generated Clinic ${index + 1}`,
          slug: `generated-clinic-${index + 1}-${runTag}`,
          timeZone: options.timeZone ?? 'America/Chicago',
          links,
          clicks,
          days,
          seed: seedValue(seed, index),
          now,
        });
        await client.query('commit');
      } catch (error) {
        failed = true;
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    }
  };
  const concurrency = Math.max(1, Math.min(organizations, options.concurrency ?? 2));
  const outcomes = await Promise.allSettled(Array.from({ length: concurrency }, worker));
  const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (rejected) throw rejected.reason;
  const result: GenerateDemoResult = {
    organizationIds: filled.map((f) => f!.organizationId),
    seed,
    counts: filled.map((f) => f!.counts),
  };

  if (options.vacuum ?? true) {
    const started = performance.now();
    // Visibility map and statistics as a database that has been live for a while would have them,
    // so benchmark plans (index-only scans, row estimates) are the ones production would get.
    // Two at once (the clicks are half the work), like the organizations.
    await Promise.all([
      pool.query('vacuum (analyze) payment_link_clicks'),
      pool.query(
        'vacuum (analyze) organizations, providers, patients, payment_links, messages, payments, link_events',
      ),
    ]);
    log(`  vacuum (analyze): ${((performance.now() - started) / 1000).toFixed(2)} s`);
  }
  return result;
}

type OrgPlan = {
  index: number;
  existingOrganizationId: string | null;
  name: string;
  slug: string;
  timeZone: string;
  links: number;
  clicks: number;
  days: number;
  seed: number;
  now: Date;
};

const humanFacts = USER_AGENTS.map((u) => describeUserAgent(u.ua));
const botFacts = BOT_USER_AGENTS.map((ua) => describeUserAgent(ua));

async function fillOrganization(
  step: Step,
  plan: OrgPlan,
): Promise<{ organizationId: string; counts: GeneratedCounts }> {
  // UTC for the session, so that interval arithmetic on timestamptz is plain elapsed time; local
  // (clinic) times are computed explicitly with `at time zone`.
  await step('settings', `set local timezone = 'UTC'`);
  await step('work_mem', `set local work_mem = '256MB'`);
  // These statements are one-off and expression-heavy: LLVM would spend minutes (and gigabytes)
  // optimizing them for a few seconds of execution.
  await step('jit', `set local jit = off`);
  await step('setseed', 'select setseed($1)', [plan.seed]);

  let organizationId: string;
  let timeZone = plan.timeZone;
  let slug = plan.slug;
  if (plan.existingOrganizationId) {
    const found = await step('organization', 'select id, time_zone, slug from organizations where id = $1', [
      plan.existingOrganizationId,
    ]);
    const row = found.rows[0] as { id: string; time_zone: string; slug: string } | undefined;
    if (!row) throw new DemoDataError(`organization ${plan.existingOrganizationId} does not exist`);
    organizationId = row.id;
    timeZone = row.time_zone;
    slug = row.slug;
  } else {
    organizationId = randomUUID();
    await step(
      'organization',
      `insert into organizations (id, name, slug, time_zone, locale, default_currency, contact_phone, contact_email,
         settings, created_at, updated_at)
       values ($1, $2, $3, $4, 'en-US', 'USD', '+13125550100', $5, $6::jsonb,
         $7::timestamptz - make_interval(days => $8 + 30), $7::timestamptz - make_interval(days => $8 + 30))`,
      [
        organizationId,
        plan.name,
        slug,
        timeZone,
        `billing@${slug}.example`,
        JSON.stringify(DEFAULT_ORGANIZATION_SETTINGS),
        plan.now,
        plan.days,
      ],
    );
  }

  await step(
    'parameters',
    `create temp table gparam (
       org uuid, now timestamptz, tz text, slug text, n_links int, n_clicks int, days int, n_patients int, today date,
       first_names text[], last_names text[], area_codes text[], items text[],
       ua text[], ua_device text[], ua_browser text[], ua_os text[],
       ua_lo_sms float8[], ua_lo_email float8[], ua_lo_direct float8[],
       bot_ua text[], bot_device text[], bot_browser text[], bot_os text[], hour_lo float8[],
       fail_codes text[], fail_messages text[],
       sms_failed_codes text[], sms_failed_messages text[], sms_undelivered_codes text[], sms_undelivered_messages text[],
       email_failed_codes text[], email_failed_messages text[], email_undelivered_codes text[], email_undelivered_messages text[],
       card_brands text[]
     ) on commit drop`,
  );
  await step(
    'parameters',
    `insert into gparam values ($1, $2, $3, $4, $5, $6, $7, $8, ($2::timestamptz at time zone $3)::date,
       $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31,
       $32, $33, $34, $35)`,
    [
      organizationId,
      plan.now,
      timeZone,
      slug,
      plan.links,
      plan.clicks,
      plan.days,
      Math.max(10, Math.ceil(plan.links / 5)),
      FIRST_NAMES,
      LAST_NAMES,
      AREA_CODES,
      ITEM_NAMES,
      USER_AGENTS.map((u) => u.ua),
      humanFacts.map((f) => f.deviceType),
      humanFacts.map((f) => f.browser),
      humanFacts.map((f) => f.os),
      lowerBounds(USER_AGENTS.map((u) => u.weight.sms)),
      lowerBounds(USER_AGENTS.map((u) => u.weight.email)),
      lowerBounds(USER_AGENTS.map((u) => u.weight.direct)),
      BOT_USER_AGENTS,
      botFacts.map((f) => f.deviceType),
      botFacts.map((f) => f.browser),
      botFacts.map((f) => f.os),
      lowerBounds(HOUR_WEIGHTS),
      PAYMENT_FAILURES.map((f) => f[0]),
      PAYMENT_FAILURES.map((f) => f[1]),
      SMS_FAILED.map((f) => f[0]),
      SMS_FAILED.map((f) => f[1]),
      SMS_UNDELIVERED.map((f) => f[0]),
      SMS_UNDELIVERED.map((f) => f[1]),
      EMAIL_FAILED.map((f) => f[0]),
      EMAIL_FAILED.map((f) => f[1]),
      EMAIL_UNDELIVERED.map((f) => f[0]),
      EMAIL_UNDELIVERED.map((f) => f[1]),
      CARD_BRANDS,
    ],
  );

  // Calendar: lower bounds of each day's share of link volume, day 0 = today (clinic time), so a
  // uniform draw picks a day through width_bucket. Weekdays are busy, weekends quiet, and volume
  // grows a little towards the present. day_lo has days + 1 entries: the last is the total.
  await step(
    'calendar',
    `create temp table gcal on commit drop as
     select array_agg(lo order by i) as day_lo
     from (
       select i, coalesce(sum(w) over (order by i rows between unbounded preceding and 1 preceding), 0) as lo
       from (
         select i,
           (case extract(isodow from p.today - i) when 6 then 0.22 when 7 then 0.08 else 1 end)
             * (0.75 + 0.5 * (1 - i::float8 / p.days)) as w
         from gparam p, generate_series(0, p.days) i
       ) d
     ) x`,
  );

  // Providers (3–8) and patients (links / 5): names from the lists, E.164 phones, emails
  // first.last.n@example.com; ~11% have no email, ~18% no phone, ~1% neither.
  await step(
    'providers (draw)',
    `create temp table gp on commit drop as
     select n, gen_random_uuid() as id,
       'Dr. ' || p.first_names[1 + floor(r1 * cardinality(p.first_names))::int] || ' '
         || p.last_names[1 + floor(r2 * cardinality(p.last_names))::int] as name,
       p.last_names[1 + floor(r2 * cardinality(p.last_names))::int] as last_name
     from gparam p,
       lateral (select n, random() as r1, random() as r2
                from generate_series(1, 3 + floor(random() * 6)::int) n) s`,
  );
  await step(
    'patients (draw)',
    `create temp table gpat on commit drop as
     select n, id, first || ' ' || last as name,
       case when r_contact < 0.12 then null else lower(first) || '.' || lower(last) || '.' || n || '@example.com' end as email,
       case when r_contact >= 0.11 and r_contact < 0.12 or r_contact >= 0.82 then null
            else '+1' || area || '555' || lpad((n % 10000)::text, 4, '0') end as phone,
       r_pref, created_at
     from (
       select n, gen_random_uuid() as id,
         p.first_names[1 + floor(random() * cardinality(p.first_names))::int] as first,
         p.last_names[1 + floor(random() * cardinality(p.last_names))::int] as last,
         p.area_codes[1 + floor(random() * cardinality(p.area_codes))::int] as area,
         random() as r_contact, random() as r_pref,
         p.now - make_interval(days => p.days + 30) - random() * interval '365 days' as created_at
       from gparam p, generate_series(1, p.n_patients) n
     ) s`,
  );

  await step('analyze', 'analyze gp, gpat');

  // The links: every random draw first (in a fixed order, so a seed reproduces them), then what
  // follows from them, one step per CTE. Most steps are MATERIALIZED: inlined, each derived column
  // is re-expanded wherever a later step uses it, and the expression tree grows exponentially (only
  // a few cheap steps are left to inline).
  await step(
    'links (draw)',
    `create temp table gl on commit drop as
     with r as materialized (
       select n, gen_random_uuid() as id,
         random() as r_type, random() as r_status, random() as r_exp, random() as r_day, random() as r_hour,
         random() as r_sec, random() as r_patient, random() as r_provider, random() as r_cur, random() as r_amt,
         random() as r_round, random() as r_items, random() as r_split, random() as r_name, random() as r_send,
         random() as r_send2, random() as r_msg1, random() as r_msg2, random() as r_m1, random() as r_m2,
         random() as r_t1, random() as r_t2, random() as r_t3, random() as r_pay, random() as r_refund,
         random() as r_fail, random() as r_weight, random() as r_card, random() as r_open,
         -- Up to three human visitors per link, each with one device, channel, address and referrer.
         array[random(), random(), random(), random(), random(), random(), random(), random(), random(), random(),
               random(), random()] as vu
       from generate_series(1, (select n_links from gparam)) n
     ),
     a as (
       select r.*,
         case when r_type < 0.9 then 'CHECKOUT' else 'CARD_UPDATE' end as type,
         -- What happened to the link; paid links become REFUNDED / PARTIALLY_REFUNDED below.
         case when r_status < 0.55 then 'COMPLETED' when r_status < 0.80 then 'EXPIRED'
              when r_status < 0.92 then 'ACTIVE' else 'CANCELLED' end as outcome
       from r
     ),
     b as materialized (
       select a.*,
         case
           when type = 'CARD_UPDATE' then case when r_exp < 0.85 then 720 else 168 end
           when outcome = 'ACTIVE' then case when r_exp < 0.6 then 72 when r_exp < 0.85 then 168 else 720 end
           else case when r_exp < 0.75 then 72 when r_exp < 0.83 then 24 when r_exp < 0.95 then 168 else 720 end
         end as hours0
       from a
     ),
     c as (
       -- An EXPIRED link needs room in the window to have expired (at least a day ago).
       select b.*, case when outcome = 'ACTIVE' then hours0 else least(hours0, (p.days - 3) * 24) end as hours
       from b, gparam p
     ),
     d as (
       -- Which days (0 = today) the link may have been created on: an ACTIVE link recently enough
       -- to expire in the future (by at least ~a day), an EXPIRED one long enough ago to have expired.
       select c.*,
         case when outcome = 'EXPIRED' then ceil(hours / 24.0)::int + 2 else 0 end as day_from,
         case when outcome = 'ACTIVE' then least(p.days, hours / 24 - 1) else p.days end as day_to
       from c, gparam p
     ),
     e as materialized (
       select d.*,
         width_bucket(g.day_lo[day_from + 1] + r_day * (g.day_lo[day_to + 1] - g.day_lo[day_from + 1]), g.day_lo) - 1
           as day_idx,
         width_bucket(r_hour, p.hour_lo) - 1 as hour
       from d, gcal g, gparam p
     ),
     f as (
       select e.*,
         ((p.today - day_idx) + make_interval(hours => hour) + r_sec * interval '1 hour') at time zone p.tz as ts0,
         p.now - case when outcome = 'ACTIVE' then interval '1 minute' else interval '15 minutes' end as ts_limit
       from e, gparam p
     ),
     g as materialized (
       -- Today's later hours have not happened yet: fold them back before now.
       select f.*, case when ts0 > ts_limit then ts_limit - (ts0 - ts_limit) / 2 else ts0 end as created_at
       from f
     ),
     h as materialized (
       select g.*,
         g.created_at + make_interval(hours => g.hours) as expires_at,
         pt.id as patient_id, pt.email as p_email, pt.phone as p_phone,
         case when g.type = 'CARD_UPDATE' and g.r_provider < 0.5 then null else pv.id end as provider_id,
         case when g.r_cur < 0.05 then 'CAD' else 'USD' end as currency,
         case when g.type = 'CHECKOUT' then
           greatest(1500, least(85000,
             case when g.r_round < 0.7 then round((1500 + power(g.r_amt, 2.6) * 83500) / 500) * 500
                  when g.r_round < 0.9 then round((1500 + power(g.r_amt, 2.6) * 83500) / 100) * 100
                  else round(1500 + power(g.r_amt, 2.6) * 83500) end))::int
         end as amount_minor,
         p.items[1 + floor(g.r_name * cardinality(p.items))::int] as item1,
         p.items[1 + (floor(g.r_name * cardinality(p.items))::int + 3) % cardinality(p.items)] as item2,
         extract(hour from g.created_at at time zone p.tz) as local_hour,
         (g.created_at at time zone p.tz)::date as local_date,
         decode(md5(g.id::text), 'hex') as code_bytes
       from g
       cross join gparam p
       join gpat pt on pt.n = 1 + floor(power(g.r_patient, 1.25) * p.n_patients)::int
       join gp pv on pv.n = 1 + floor(power(g.r_provider, 1.3) * (select count(*) from gp))::int
     ),
     i as materialized (
       select h.*,
         case
           when type <> 'CHECKOUT' or r_items < 0.35 then 0
           when r_items < 0.75 then 1
           when r_items < 0.85 and amount_minor % 2 = 0 then 2
           when r_items < 0.85 then 1
           else 3
         end as item_shape,
         least(amount_minor - 100, greatest(100, round(amount_minor * (0.3 + 0.4 * r_split) / 100) * 100))::int as split1,
         case
           when r_send < 0.2 or (p_email is null and p_phone is null) then 'direct'
           when p_email is not null and p_phone is not null then
             case when r_send2 < 0.45 then 'sms' when r_send2 < 0.8 then 'email' else 'both' end
           when p_email is not null then 'email'
           else 'sms'
         end as send_mode
       from h
     ),
     j as materialized (
       select i.*,
         case when send_mode in ('email', 'both') then
           case when r_msg1 < 0.86 then 'delivered' when r_msg1 < 0.955 then 'sent' when r_msg1 < 0.98 then 'undelivered' else 'failed' end
         end as email_status,
         case when send_mode in ('sms', 'both') then
           case when r_msg2 < 0.86 then 'delivered' when r_msg2 < 0.955 then 'sent' when r_msg2 < 0.98 then 'undelivered' else 'failed' end
         end as sms_status,
         created_at + interval '1 second' + r_m1 * interval '4 seconds' as email_at,
         -- SMS respects the organization's quiet hours (8:00–20:00 clinic time, default settings).
         case when local_hour < 8 or local_hour >= 20 then
           ((local_date + case when local_hour >= 20 then 1 else 0 end) + interval '8 hours') at time zone p.tz
             + r_m2 * interval '10 minutes'
         end as sms_quiet_until
       from i, gparam p
     ),
     k as materialized (
       select j.*,
         email_status is not null and email_status <> 'failed' as ch_email,
         sms_status is not null and sms_status <> 'failed' as ch_sms,
         sms_quiet_until is not null and sms_quiet_until <= p.now - interval '10 minutes' as sms_scheduled,
         case when sms_quiet_until is not null and sms_quiet_until <= p.now - interval '10 minutes' then sms_quiet_until
              else created_at + interval '1 second' + r_m2 * interval '4 seconds' end as sms_at,
         least(expires_at, p.now) as avail_end
       from j, gparam p
     ),
     l as materialized (
       select k.*,
         -- Patients click a little after the first message arrives (or, unsent, after staff share it).
         greatest(created_at, least(
           case when ch_email or ch_sms
                then least(case when ch_email then email_at end, case when ch_sms then sms_at end) + interval '20 seconds'
                else created_at + interval '1 minute' end,
           avail_end - case when outcome = 'ACTIVE' then interval '30 seconds' else interval '5 minutes' end)) as click_start
       from k
     ),
     m as materialized (
       select l.*,
         case when outcome = 'COMPLETED' then click_start + (avail_end - click_start) * (0.9 * power(r_t1, 3)) end
           as first_click_at
       from l
     ),
     o as materialized (
       select m.*,
         case when outcome = 'COMPLETED' then
           first_click_at + least(interval '30 seconds' + r_t2 * interval '870 seconds', (avail_end - first_click_at) / 2)
         end as completed_at,
         case when outcome = 'CANCELLED' then
           created_at + interval '2 minutes' + (avail_end - created_at - interval '2 minutes') * power(r_t1, 2)
         end as cancelled_at,
         case when outcome = 'EXPIRED' then expires_at + r_t3 * interval '5 minutes' end as expired_at,
         case when type = 'CHECKOUT' and outcome = 'COMPLETED' then
           case when r_pay < 0.03 then 'REFUNDED' when r_pay < 0.05 then 'PARTIALLY_REFUNDED' else 'SUCCEEDED' end
         end as pay_status,
         -- Clicks: a heavy-tailed weight (most links a few clicks, a few links very many); every
         -- paid link gets at least its one human click, and many unpaid ones were never opened.
         least(300, 1 / power(greatest(r_weight, 1e-9), 0.6) - 1)
           * case outcome when 'COMPLETED' then 1.3
                          when 'ACTIVE' then case when r_open < 0.35 then 0 else 0.8 end
                          when 'EXPIRED' then case when r_open < 0.45 then 0 else 1 end
                          else case when r_open < 0.5 then 0 else 0.8 end end as w,
         case when outcome = 'COMPLETED' then 1 else 0 end as min_clicks
       from m
     ),
     q as materialized (
       select o.*,
         case pay_status when 'REFUNDED' then 'REFUNDED' when 'PARTIALLY_REFUNDED' then 'PARTIALLY_REFUNDED' else outcome end
           as status,
         case pay_status
           when 'REFUNDED' then amount_minor
           when 'PARTIALLY_REFUNDED' then
             least(amount_minor - 100, greatest(100, round(amount_minor * (0.1 + 0.5 * r_refund) / 100) * 100))::int
           else 0
         end as refunded_minor,
         case when pay_status in ('REFUNDED', 'PARTIALLY_REFUNDED') then
           completed_at + (least(p.now, completed_at + interval '21 days') - completed_at) * (0.05 + 0.95 * r_t3)
         end as refund_at,
         case when outcome = 'COMPLETED' then completed_at when outcome = 'CANCELLED' then cancelled_at
              when outcome = 'EXPIRED' then expires_at else p.now end as main_end,
         sum(w) over () as w_total,
         sum(min_clicks) over () as min_total
       from o, gparam p
     ),
     s as (
       select q.*, greatest(p.n_clicks - min_total, 0) * w / w_total as share from q, gparam p
     ),
     t as materialized (
       select s.*, floor(share)::int as base, share - floor(share) as rem, sum(floor(share)) over () as base_total from s
     ),
     u as materialized (
       select t.*, row_number() over (order by rem desc, n) as rem_rank from t
     )
     select u.n, u.id, u.type, u.outcome, u.status, u.currency, u.amount_minor, u.hours, u.created_at, u.expires_at,
       u.patient_id, u.provider_id, u.p_email, u.p_phone,
       case u.item_shape
         when 0 then '[]'::jsonb
         when 1 then jsonb_build_array(jsonb_build_object('name', u.item1, 'unitAmountMinor', u.amount_minor, 'quantity', 1))
         when 2 then jsonb_build_array(jsonb_build_object('name', u.item1, 'unitAmountMinor', u.amount_minor / 2, 'quantity', 2))
         else jsonb_build_array(
           jsonb_build_object('name', u.item1, 'unitAmountMinor', u.split1, 'quantity', 1),
           jsonb_build_object('name', u.item2, 'unitAmountMinor', u.amount_minor - u.split1, 'quantity', 1))
       end as line_items,
       case when u.type = 'CARD_UPDATE' then null
            when u.item_shape = 0 and u.r_split < 0.6 then u.item1
            when u.r_split < 0.15 then 'Visit on ' || to_char(u.local_date, 'Mon FMDD, YYYY')
       end as description,
       ${SHORT_CODE_SQL} as short_code,
       u.send_mode,
       case u.send_mode when 'email' then '{email}'::text[] when 'sms' then '{sms}'::text[]
                        when 'both' then '{email,sms}'::text[] else '{}'::text[] end as send_via,
       u.email_status, u.sms_status, u.email_at, u.sms_at, u.sms_scheduled, u.ch_email, u.ch_sms,
       u.click_start, u.first_click_at, u.completed_at, u.cancelled_at, u.expired_at, u.main_end,
       -- Until then the link was ACTIVE (the click recorder credits last_click_channel), and
       -- until payable_end a click opened a checkout session.
       coalesce(u.completed_at, u.expired_at, u.cancelled_at) as close_at,
       least(coalesce(u.completed_at, u.expired_at, u.cancelled_at), u.expires_at) as payable_end,
       u.pay_status, u.refunded_minor, u.refund_at,
       case when u.type = 'CHECKOUT' and u.outcome = 'COMPLETED' and u.r_fail < 0.05 then
         u.first_click_at + (u.completed_at - u.first_click_at) * 0.4 end as recovered_fail_at,
       case when u.type = 'CARD_UPDATE' and u.outcome = 'COMPLETED' then
         p.card_brands[1 + floor(u.r_card * cardinality(p.card_brands))::int] end as card_brand,
       case when u.type = 'CARD_UPDATE' and u.outcome = 'COMPLETED' then
         lpad(floor(u.r_amt * 10000)::int::text, 4, '0') end as card_last4,
       u.r_fail, u.r_card, u.r_m1, u.r_m2, u.r_t2, u.r_t3, u.vu, u.min_clicks,
       u.min_clicks + u.base + case when u.rem_rank <= p.n_clicks - u.min_total - u.base_total then 1 else 0 end
         as n_clicks
     from u, gparam p`,
  );
  const check = await step(
    'links (check)',
    `select coalesce(sum(n_clicks), 0)::bigint as total, coalesce(sum(min_clicks), 0)::bigint as minimum from gl`,
  );
  const totals = check.rows[0] as { total: string; minimum: string };
  if (Number(totals.minimum) > plan.clicks) {
    throw new DemoDataError(
      `--clicks ${plan.clicks} is too few: the ${totals.minimum} paid links need at least one click each ` +
        `(about 0.55 × links)`,
    );
  }
  if (Number(totals.total) !== plan.clicks)
    throw new Error(`click allocation is off: ${totals.total} instead of ${plan.clicks}`);

  // Clicks, slim (strings are looked up at insert time). A visitor (link, visitor number) keeps one
  // device, channel and IP; bots are link-preview fetchers and crawlers.
  await step(
    'clicks (draw)',
    `create temp table gc on commit drop as
     with s as materialized (
       select l.id as link_id, k, l.outcome, l.created_at, l.click_start, l.first_click_at, l.completed_at,
         l.main_end, l.ch_email, l.ch_sms, l.vu,
         random() as c1, random() as c2, random() as c3, random() as c4, random() as c5
       from gl l cross join lateral generate_series(1, l.n_clicks) k
     ),
     t as (
       -- A paid link's first click is its patient's (human); ~10% of the others are bots.
       select s.*, (k > 1 or outcome <> 'COMPLETED') and c1 < 0.105 as is_bot from s
     ),
     u as materialized (
       select t.*,
         -- 1 known_bot (a crawler's user agent), 2 head_request, 3 no_user_agent
         case when is_bot then case when c2 < 0.6 then 1 when c2 < 0.85 then 2 else 3 end end as bot_kind,
         -- Bots: 1001.. by user agent. Humans: visitor 1 (the patient) mostly, 2 or 3 (family) sometimes.
         case when is_bot then 1001 + floor(c3 * 6)::int when k = 1 and outcome = 'COMPLETED' then 1
              when c2 < 0.8 then 1 when c2 < 0.94 then 2 else 3 end as visitor
       from t
     ),
     v as (
       select u.*,
         case when is_bot then c5 else vu[(visitor - 1) * 4 + 1] end as dev_u,
         case when is_bot then c5 else vu[(visitor - 1) * 4 + 2] end as chan_u,
         case when is_bot then c3 else vu[(visitor - 1) * 4 + 3] end as ip_u,
         case when is_bot then 1 else vu[(visitor - 1) * 4 + 4] end as ref_u
       from u
     ),
     w as materialized (
       select v.link_id, v.is_bot, v.bot_kind, v.visitor, v.dev_u, v.ip_u, v.ref_u,
         case when ch_email and ch_sms then case when chan_u < 0.5 then 'email' else 'sms' end
              when ch_email then case when chan_u < 0.05 then 'direct' else 'email' end
              when ch_sms then case when chan_u < 0.05 then 'direct' else 'sms' end
              else 'direct' end as channel,
         case
           when k = 1 and outcome = 'COMPLETED' then first_click_at
           -- Link previews and scanners come right after a send.
           when is_bot then
             greatest(created_at, click_start - interval '15 seconds')
               + (main_end - greatest(created_at, click_start - interval '15 seconds')) * power(c4, 4)
           when outcome = 'COMPLETED' then
             case when c3 < 0.7 then first_click_at + (completed_at - first_click_at) * c4
                  else completed_at + (least(p.now, completed_at + interval '10 days') - completed_at) * power(c4, 2) end
           else
             case when c3 < 0.85 then click_start + (main_end - click_start) * power(c4, 2.5)
                  else main_end + (least(p.now, main_end + interval '14 days') - main_end) * c4 end
         end as at
       from v, gparam p
     )
     select w.link_id, w.at, w.is_bot, w.bot_kind::smallint as bot_kind, w.visitor, w.channel,
       case when w.is_bot then case when w.bot_kind = 3 then null else w.visitor - 1000 end
            when w.channel = 'sms' then width_bucket(w.dev_u, p.ua_lo_sms)
            when w.channel = 'email' then width_bucket(w.dev_u, p.ua_lo_email)
            else width_bucket(w.dev_u, p.ua_lo_direct) end::smallint as ua_idx,
       case when w.at < p.now - interval '30 days' then null
            else (case floor(w.ip_u * 3)::int when 0 then '192.0.2.' when 1 then '198.51.100.' else '203.0.113.' end)
              || (1 + floor((w.ip_u * 3 - floor(w.ip_u * 3)) * 254)::int)
       end as ip,
       case when w.channel = 'email' and w.ref_u < 0.04 then 'https://mail.google.com/'
            when w.channel = 'email' and w.ref_u < 0.06 then 'https://outlook.live.com/'
            when w.channel = 'direct' and w.ref_u < 0.03 then 'https://www.google.com/'
       end as referrer
     from w, gparam p`,
  );
  await step(
    'clicks (per link)',
    `create temp table gca on commit drop as
     select c.link_id, count(*) filter (where not c.is_bot) as human_clicks,
       min(c.at) filter (where not c.is_bot) as first_human_at, max(c.at) filter (where not c.is_bot) as last_human_at,
       coalesce(array_agg(distinct c.channel order by c.channel) filter (where not c.is_bot), '{}') as clicked_via,
       (array_agg(c.channel order by c.at desc) filter (where not c.is_bot and (l.close_at is null or c.at < l.close_at)))[1]
         as last_click_channel,
       count(*) filter (where not c.is_bot and c.at < l.payable_end) as payable_clicks
     from gc c join gl l on l.id = c.link_id
     group by c.link_id`,
  );
  await step('analyze', 'analyze gl (id), gca (link_id)');

  // Failed payment attempts: ~5% of paid links after a failed first try (same payment intent, so one
  // payment row), and ~8% of opened-but-unpaid checkout links (a FAILED payment row).
  await step(
    'payment failures',
    `create temp table glf on commit drop as
     select l.id as link_id, l.recovered_fail_at as fail_at, true as recovered,
       1 + floor(l.r_card * cardinality(p.fail_codes))::int as code_idx
     from gl l, gparam p where l.recovered_fail_at is not null
     union all
     select l.id, a.first_human_at + least(interval '2 minutes' + l.r_t2 * interval '8 minutes', (l.main_end - a.first_human_at) / 2),
       false, 1 + floor(l.r_card * cardinality(p.fail_codes))::int
     from gl l join gca a on a.link_id = l.id cross join gparam p
     where l.type = 'CHECKOUT' and l.outcome in ('ACTIVE', 'EXPIRED') and l.r_fail < 0.08
       and a.first_human_at < l.main_end - interval '10 minutes'`,
  );

  await step(
    'messages (draw)',
    `create temp table gm on commit drop as
     select gen_random_uuid() as id, l.id as link_id, l.patient_id, l.n, m.channel, m.status, m.r, m.recipient,
       case when l.type = 'CHECKOUT' then 'payment_request' else 'card_update_request' end as kind,
       l.created_at + interval '300 milliseconds' as created_at,
       case when m.channel = 'sms' and l.sms_scheduled then l.sms_at end as scheduled_for,
       case when m.status <> 'failed' then m.at end as sent_at,
       case when m.status = 'delivered' then
         least(p.now, m.at + case when m.channel = 'sms' then interval '2 seconds' + m.r * interval '28 seconds'
                                  else interval '1 second' + m.r * interval '89 seconds' end)
       end as delivered_at,
       case when m.status = 'failed' then m.at
            when m.status = 'undelivered' then least(p.now, m.at + interval '10 seconds' + m.r * interval '110 seconds')
       end as failed_at,
       case when m.channel = 'sms' then case when m.r > 0.85 then 2 else 1 end end as segments
     from gl l
     cross join gparam p
     cross join lateral (values ('email', l.email_status, l.email_at, l.r_m1, l.p_email),
                                ('sms', l.sms_status, l.sms_at, l.r_m2, l.p_phone)) m(channel, status, at, r, recipient)
     where m.status is not null`,
  );

  // --- Inserts, each table in time order (as a live system would have written it) -------------

  const providers = await step(
    'providers',
    `insert into providers (id, organization_id, name, email, active, created_at, updated_at)
     select gp.id, p.org, gp.name, 'dr.' || lower(gp.last_name) || '.' || gp.n || '@' || p.slug || '.example', true,
       p.now - make_interval(days => p.days + 30), p.now - make_interval(days => p.days + 30)
     from gp, gparam p order by gp.n`,
  );
  const patients = await step(
    'patients',
    `insert into patients (id, organization_id, name, email, phone, preferred_channel, email_consent, sms_consent,
       stripe_customer_id, card_brand, card_last4, card_exp_month, card_exp_year, card_payment_method_id, card_updated_at,
       created_at, updated_at)
     select pt.id, p.org, pt.name, pt.email, pt.phone,
       case when pt.r_pref < 0.35 and pt.phone is not null then 'sms'
            when pt.r_pref < 0.6 and pt.email is not null then 'email' end,
       true, true,
       case when cu.link_id is not null then 'cus_gen_' || replace(pt.id::text, '-', '') end,
       cu.brand, cu.last4, cu.exp_month, cu.exp_year, cu.payment_method_id, cu.completed_at,
       pt.created_at, greatest(pt.created_at, cu.completed_at)
     from gpat pt
     cross join gparam p
     left join (
       select distinct on (l.patient_id) l.patient_id, l.id as link_id, l.completed_at,
         l.card_brand as brand, l.card_last4 as last4,
         1 + floor(l.r_t3 * 12)::int as exp_month,
         extract(year from p.now)::int + 1 + floor(l.r_t2 * 4)::int as exp_year,
         'pm_gen_' || replace(l.id::text, '-', '') as payment_method_id
       from gl l, gparam p
       where l.type = 'CARD_UPDATE' and l.outcome = 'COMPLETED'
       order by l.patient_id, l.completed_at desc
     ) cu on cu.patient_id = pt.id
     order by pt.created_at`,
  );

  const linkRows = await step(
    'payment_links',
    `insert into payment_links (id, organization_id, provider_id, patient_id, type, status, currency, amount_minor,
       line_items, description, metadata, short_code, expires_at, completed_at, expired_at, cancelled_at,
       stripe_session_id, session_count, payment_intent_id, setup_intent_id, card_payment_method_id, receipt_url,
       refunded_minor, last_payment_failure_code, last_payment_failure_message, last_payment_failed_at,
       send_via, click_count, first_clicked_at, last_clicked_at, clicked_via, last_click_channel,
       sent_via_email, sent_via_sms, email_sent_at, sms_sent_at,
       recipient_email, recipient_phone, created_at, updated_at, version)
     select l.id, p.org, l.provider_id, l.patient_id, l.type, l.status, l.currency, l.amount_minor,
       l.line_items, l.description, '{"source": "generate-demo"}'::jsonb, l.short_code, l.expires_at,
       l.completed_at, l.expired_at, l.cancelled_at,
       -- One checkout session per link whose payment page a patient opened (sessions are made on
       -- the first human click while payable; renewals are not simulated).
       case when a.payable_clicks > 0 then 'cs_gen_' || replace(l.id::text, '-', '') end,
       case when a.payable_clicks > 0 then 1 else 0 end,
       case when l.pay_status is not null then 'pi_gen_' || replace(l.id::text, '-', '') end,
       case when l.type = 'CARD_UPDATE' and l.outcome = 'COMPLETED' then 'seti_gen_' || replace(l.id::text, '-', '') end,
       case when l.type = 'CARD_UPDATE' and l.outcome = 'COMPLETED' then 'pm_gen_' || replace(l.id::text, '-', '') end,
       case when l.pay_status is not null then 'https://pay.stripe.com/receipts/gen_' || replace(l.id::text, '-', '') end,
       l.refunded_minor, p.fail_codes[f.code_idx], p.fail_messages[f.code_idx], f.fail_at,
       l.send_via, coalesce(a.human_clicks, 0), a.first_human_at, a.last_human_at, coalesce(a.clicked_via, '{}'),
       a.last_click_channel, l.ch_email, l.ch_sms,
       case when l.ch_email then l.email_at end, case when l.ch_sms then l.sms_at end,
       case when l.ch_email then l.p_email end, case when l.ch_sms then l.p_phone end,
       l.created_at,
       greatest(l.created_at, case when l.ch_email then l.email_at end, case when l.ch_sms then l.sms_at end,
         a.last_human_at, l.completed_at, l.refund_at, l.expired_at, l.cancelled_at, f.fail_at),
       1 + l.ch_email::int + l.ch_sms::int + (l.completed_at is not null)::int + (l.refund_at is not null)::int
         + (f.link_id is not null)::int + (l.expired_at is not null or l.cancelled_at is not null)::int
         + (coalesce(a.payable_clicks, 0) > 0)::int
     from gl l
     cross join gparam p
     left join gca a on a.link_id = l.id
     left join glf f on f.link_id = l.id
     order by l.created_at`,
  );

  const messages = await step(
    'messages',
    `insert into messages (id, organization_id, link_id, patient_id, channel, kind, reason, recipient, status, provider,
       provider_message_id, segments, attempts, error_code, error_message, scheduled_for, sent_at, delivered_at, failed_at,
       created_at, updated_at)
     select m.id, p.org, m.link_id, m.patient_id, m.channel, m.kind, 'initial', m.recipient, m.status, 'capture',
       case when m.status <> 'failed' then 'capture_' || m.id::text end,
       m.segments, 1,
       case when m.status = 'failed' and m.channel = 'sms' then p.sms_failed_codes[1 + floor(m.r * 1000)::int % cardinality(p.sms_failed_codes)]
            when m.status = 'failed' then p.email_failed_codes[1 + floor(m.r * 1000)::int % cardinality(p.email_failed_codes)]
            when m.status = 'undelivered' and m.channel = 'sms' then p.sms_undelivered_codes[1 + floor(m.r * 1000)::int % cardinality(p.sms_undelivered_codes)]
            when m.status = 'undelivered' then p.email_undelivered_codes[1 + floor(m.r * 1000)::int % cardinality(p.email_undelivered_codes)]
       end,
       case when m.status = 'failed' and m.channel = 'sms' then p.sms_failed_messages[1 + floor(m.r * 1000)::int % cardinality(p.sms_failed_codes)]
            when m.status = 'failed' then p.email_failed_messages[1 + floor(m.r * 1000)::int % cardinality(p.email_failed_codes)]
            when m.status = 'undelivered' and m.channel = 'sms' then p.sms_undelivered_messages[1 + floor(m.r * 1000)::int % cardinality(p.sms_undelivered_codes)]
            when m.status = 'undelivered' then p.email_undelivered_messages[1 + floor(m.r * 1000)::int % cardinality(p.email_undelivered_codes)]
       end,
       m.scheduled_for, m.sent_at, m.delivered_at, m.failed_at, m.created_at,
       greatest(m.created_at, m.sent_at, m.delivered_at, m.failed_at)
     from gm m, gparam p
     order by m.created_at, m.n, m.channel`,
  );

  const payments = await step(
    'payments',
    `insert into payments (id, organization_id, link_id, patient_id, provider_id, status, currency, amount_minor,
       refunded_minor, stripe_payment_intent_id, stripe_charge_id, receipt_url, failure_code, failure_message, paid_at,
       created_at, updated_at)
     select gen_random_uuid(), p.org, x.link_id, x.patient_id, x.provider_id, x.status, x.currency, x.amount_minor,
       x.refunded_minor, x.pi, x.charge, x.receipt_url, x.failure_code, x.failure_message, x.paid_at, x.created_at, x.updated_at
     from (
       select l.id as link_id, l.patient_id, l.provider_id, l.pay_status as status, l.currency, l.amount_minor,
         l.refunded_minor, 'pi_gen_' || replace(l.id::text, '-', '') as pi, 'ch_gen_' || replace(l.id::text, '-', '') as charge,
         'https://pay.stripe.com/receipts/gen_' || replace(l.id::text, '-', '') as receipt_url,
         null::text as failure_code, null::text as failure_message, l.completed_at as paid_at,
         coalesce(f.fail_at, l.completed_at) as created_at, coalesce(l.refund_at, l.completed_at) as updated_at
       from gl l left join glf f on f.link_id = l.id
       where l.pay_status is not null
       union all
       select l.id, l.patient_id, l.provider_id, 'FAILED', l.currency, l.amount_minor, 0,
         'pi_gen_' || replace(l.id::text, '-', ''), null, null, p.fail_codes[f.code_idx], p.fail_messages[f.code_idx], null,
         f.fail_at, f.fail_at
       from glf f join gl l on l.id = f.link_id cross join gparam p
       where not f.recovered
     ) x, gparam p
     order by x.created_at`,
  );

  const clickRows = await step(
    'payment_link_clicks',
    `insert into payment_link_clicks (id, organization_id, link_id, created_at, method, ip_address, user_agent, referrer,
       channel, is_bot, bot_reason, device_type, browser, os, visitor_hash)
     select gen_random_uuid(), p.org, c.link_id, c.at, case when c.bot_kind = 2 then 'HEAD' else 'GET' end, c.ip::inet,
       case when not c.is_bot then p.ua[c.ua_idx] when c.bot_kind <> 3 then p.bot_ua[c.ua_idx] end,
       -- Untagged requests (copied link, QR code) are recorded with no channel; analytics read them as direct.
       c.referrer, nullif(c.channel, 'direct'), c.is_bot,
       case c.bot_kind when 1 then 'known_bot' when 2 then 'head_request' when 3 then 'no_user_agent' end,
       case when not c.is_bot then p.ua_device[c.ua_idx] when c.bot_kind <> 3 then p.bot_device[c.ua_idx] end,
       case when not c.is_bot then p.ua_browser[c.ua_idx] when c.bot_kind <> 3 then p.bot_browser[c.ua_idx] end,
       case when not c.is_bot then p.ua_os[c.ua_idx] when c.bot_kind <> 3 then p.bot_os[c.ua_idx] end,
       md5(c.link_id::text || ':' || c.visitor || ':' || (c.at at time zone 'UTC')::date)
     from gc c, gparam p
     order by c.at`,
  );

  const events = await step(
    'link_events',
    `insert into link_events (id, organization_id, link_id, type, occurred_at, data)
     select gen_random_uuid(), p.org, e.link_id, e.type, e.at, e.data
     from (
       select l.id as link_id, 'created' as type, l.created_at as at,
         jsonb_build_object('type', l.type, 'amountMinor', l.amount_minor, 'currency', l.currency,
           'sendVia', to_jsonb(l.send_via)) as data
       from gl l
       union all
       select m.link_id, 'sent', m.sent_at,
         jsonb_build_object('messageId', m.id, 'channel', m.channel, 'reason', 'initial')
       from gm m where m.status <> 'failed'
       union all
       select m.link_id, 'message_delivered', m.delivered_at,
         jsonb_build_object('messageId', m.id, 'channel', m.channel, 'errorCode', null)
       from gm m where m.status = 'delivered'
       union all
       select mm.link_id, 'message_undelivered', mm.failed_at,
         jsonb_build_object('messageId', mm.id, 'channel', mm.channel, 'errorCode', msg.error_code)
       from gm mm join messages msg on msg.id = mm.id where mm.status = 'undelivered'
       union all
       select mm.link_id, 'message_failed', mm.failed_at,
         jsonb_build_object('messageId', mm.id, 'channel', mm.channel, 'code', msg.error_code)
       from gm mm join messages msg on msg.id = mm.id where mm.status = 'failed'
       union all
       select f.link_id, 'payment_failed', f.fail_at, jsonb_build_object('code', p.fail_codes[f.code_idx])
       from glf f, gparam p
       union all
       select l.id, 'paid', l.completed_at, jsonb_build_object('amountMinor', l.amount_minor)
       from gl l where l.pay_status is not null
       union all
       select l.id, 'card_saved', l.completed_at,
         jsonb_build_object('brand', l.card_brand, 'last4', l.card_last4)
       from gl l where l.card_brand is not null
       union all
       select l.id, 'refunded', l.refund_at, jsonb_build_object('totalRefundedMinor', l.refunded_minor)
       from gl l where l.refund_at is not null
       union all
       select l.id, 'expired', l.expired_at, '{}'::jsonb from gl l where l.expired_at is not null
       union all
       select l.id, 'cancelled', l.cancelled_at, '{}'::jsonb from gl l where l.cancelled_at is not null
     ) e, gparam p
     order by e.at`,
  );

  // Delivery facts on the link, as the delivery webhooks keep them.
  await step(
    'links (delivered)',
    `update payment_links l set email_delivered_at = d.email_at, sms_delivered_at = d.sms_at
     from (select link_id, min(delivered_at) filter (where channel = 'email') as email_at,
                  min(delivered_at) filter (where channel = 'sms') as sms_at
             from gm where status = 'delivered' group by link_id) d, gparam p
     where l.organization_id = p.org and l.id = d.link_id`,
  );

  return {
    organizationId,
    counts: {
      providers: providers.rowCount ?? 0,
      patients: patients.rowCount ?? 0,
      links: linkRows.rowCount ?? 0,
      messages: messages.rowCount ?? 0,
      clicks: clickRows.rowCount ?? 0,
      payments: payments.rowCount ?? 0,
      linkEvents: events.rowCount ?? 0,
    },
  };
}
