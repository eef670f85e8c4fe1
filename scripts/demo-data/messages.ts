// Messages: the initial email and/or SMS of each link that was sent (SMS held for quiet hours), with
// delivery outcomes and provider error codes; their delivery facts are copied onto the link.
import type { DemoContext } from './context.ts';

export async function drawMessages({ step }: DemoContext): Promise<void> {
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
}

export async function insertMessages({ step }: DemoContext): Promise<number> {
  const inserted = await step(
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
  return inserted.rowCount ?? 0;
}

export async function recordDeliveries({ step }: DemoContext): Promise<void> {
  // Delivery facts on the link, as the delivery webhooks keep them.
  await step(
    'links (delivered)',
    `update payment_links l set email_delivered_at = d.email_at, sms_delivered_at = d.sms_at
     from (select link_id, min(delivered_at) filter (where channel = 'email') as email_at,
                  min(delivered_at) filter (where channel = 'sms') as sms_at
             from gm where status = 'delivered' group by link_id) d, gparam p
     where l.organization_id = p.org and l.id = d.link_id`,
  );
}
