// The payment links, drawn into gl: one statement, a chain of CTEs in the stages below, each
// deciding one thing about every link from the draws and what the stages before it decided. The
// later steps (clicks, payments, messages, the inserts) read their facts from gl.
import { SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH } from '@clinicpay/domain';
import { DemoDataError, type DemoContext } from './context.ts';

// The short code, from the bytes of md5(link id): same alphabet and length as generateShortCode,
// so parseShortCode accepts it. (A slight modulo bias is of no matter for demo data.)
if (SHORT_CODE_LENGTH > 16) throw new Error('short codes longer than an md5 are not supported here');
const SHORT_CODE_SQL = Array.from(
  { length: SHORT_CODE_LENGTH },
  (_, k) =>
    `substr('${SHORT_CODE_ALPHABET}', get_byte(code_bytes, ${k}) % ${SHORT_CODE_ALPHABET.length} + 1, 1)`,
).join(' || ');

/** Every random draw of a link, first and in a fixed order, so that a seed reproduces them. */
const DRAWS = `
     r as materialized (
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
     )`;

/** What happens to the link (type, outcome) and how long it is valid for. */
const OUTCOME = `
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
     )`;

/** When it was created: a day from the calendar that fits its outcome, an office hour, clinic time. */
const CREATED_AT = `
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
     )`;

/** Who it is for and from, the amount and line items, and how it was sent. */
const PARTIES = `
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
     )`;

/** Its messages: delivery outcome per channel, and SMS held back for quiet hours. */
const SENDS = `
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
     )`;

/** Its timeline: first click, payment or card saved, cancellation, expiry, refunds; and its click weight. */
const TIMELINE = `
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
     )`;

/** The clicks asked for, shared out by weight: whole shares, then the largest remainders. */
const CLICK_SHARES = `
     s as (
       select q.*, greatest(p.n_clicks - min_total, 0) * w / w_total as share from q, gparam p
     ),
     t as materialized (
       select s.*, floor(share)::int as base, share - floor(share) as rem, sum(floor(share)) over () as base_total from s
     ),
     u as materialized (
       select t.*, row_number() over (order by rem desc, n) as rem_rank from t
     )`;

/** The row: line items, description, short code, sends, and the times later steps build on. */
const LINK_ROW = `
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
     from u, gparam p`;

export async function drawLinks({ step }: DemoContext): Promise<void> {
  // One statement, so the draws happen in one fixed order. Most stages are MATERIALIZED: inlined,
  // each derived column is re-expanded wherever a later stage uses it, and the expression tree grows
  // exponentially (only a few cheap stages are left to inline).
  await step(
    'links (draw)',
    `create temp table gl on commit drop as
     with ${[DRAWS, OUTCOME, CREATED_AT, PARTIES, SENDS, TIMELINE, CLICK_SHARES].join(',\n')}
${LINK_ROW}`,
  );
}

/** Every paid link needs its one human click, and the shares must add up to exactly the clicks asked for. */
export async function checkClickAllocation({ step, plan }: DemoContext): Promise<void> {
  const check = await step<{ total: string; minimum: string }>(
    'links (check)',
    `select coalesce(sum(n_clicks), 0)::bigint as total, coalesce(sum(min_clicks), 0)::bigint as minimum from gl`,
  );
  const totals = check.rows[0]!;
  if (Number(totals.minimum) > plan.clicks) {
    throw new DemoDataError(
      `--clicks ${plan.clicks} is too few: the ${totals.minimum} paid links need at least one click each ` +
        `(about 0.55 × links)`,
    );
  }
  if (Number(totals.total) !== plan.clicks)
    throw new Error(`click allocation is off: ${totals.total} instead of ${plan.clicks}`);
}
