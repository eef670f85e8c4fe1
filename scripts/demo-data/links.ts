// The payment links, written with everything the other steps decided about them: checkout
// session, payment and card ids, failures, clicks, sends; and the version their changes add up to.
import type { DemoContext } from './context.ts';

export async function insertLinks({ step }: DemoContext): Promise<number> {
  const inserted = await step(
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
  return inserted.rowCount ?? 0;
}
