// The links' timelines (link_events), as the application writes them: created, sent, delivered or
// not, payment failed, paid, card saved, refunded, expired, cancelled.
import type { DemoContext } from './context.ts';

export async function insertLinkEvents({ step }: DemoContext): Promise<number> {
  const inserted = await step(
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
  return inserted.rowCount ?? 0;
}
