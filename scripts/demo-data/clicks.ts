// Clicks: each link's allotted clicks drawn as human visitors (a visitor keeps one device, channel
// and address) and bots, summed per link into the facts the link carries, then written.
import type { DemoContext } from './context.ts';

export async function drawClicks({ step }: DemoContext): Promise<void> {
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
}

export async function summarizeClicks({ step }: DemoContext): Promise<void> {
  await step(
    'clicks (per link)',
    `create temp table gca on commit drop as
     select c.link_id, count(*) filter (where not c.is_bot) as human_clicks,
       min(c.at) filter (where not c.is_bot) as first_human_at, max(c.at) filter (where not c.is_bot) as last_human_at,
       coalesce(array_agg(distinct c.channel order by c.channel) filter (where not c.is_bot), '{}') as clicked_via,
       -- Clicks drawn after now are clamped to it, so several can share the last instant: the
       -- channel breaks the tie (without it the pick, and the digest test, varied from run to run).
       (array_agg(c.channel order by c.at desc, c.channel desc) filter (where not c.is_bot and (l.close_at is null or c.at < l.close_at)))[1]
         as last_click_channel,
       count(*) filter (where not c.is_bot and c.at < l.payable_end) as payable_clicks
     from gc c join gl l on l.id = c.link_id
     group by c.link_id`,
  );
  await step('analyze', 'analyze gl (id), gca (link_id)');
}

export async function insertClicks({ step }: DemoContext): Promise<number> {
  const inserted = await step(
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
  return inserted.rowCount ?? 0;
}
