// The parameters every later step reads (one row, gparam: the organization, its clock and the
// vocabulary as arrays) and the calendar links are spread over (gcal).
import { describeUserAgent } from '../../packages/infrastructure/src/links/click-enrichment.ts';
import type { DemoContext } from './context.ts';
import {
  AREA_CODES,
  BOT_USER_AGENTS,
  CARD_BRANDS,
  EMAIL_FAILED,
  EMAIL_UNDELIVERED,
  FIRST_NAMES,
  HOUR_WEIGHTS,
  ITEM_NAMES,
  LAST_NAMES,
  PAYMENT_FAILURES,
  SMS_FAILED,
  SMS_UNDELIVERED,
  USER_AGENTS,
} from './vocabulary.ts';

// The click recorder's own enrichment (bowser), so generated device/browser/OS values are exactly
// the ones live clicks get. Not exported by the package: a dev script may reach in.
const humanFacts = USER_AGENTS.map((u) => describeUserAgent(u.ua));
const botFacts = BOT_USER_AGENTS.map((ua) => describeUserAgent(ua));

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

export async function writeParameters({ step, plan, organization }: DemoContext): Promise<void> {
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
      organization.id,
      plan.now,
      organization.timeZone,
      organization.slug,
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
}

export async function drawCalendar({ step }: DemoContext): Promise<void> {
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
}
