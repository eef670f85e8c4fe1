// Payments: one per paid checkout link (refunds on the same row), and failed attempts — ~5% of paid
// links after a failed first try (same payment intent, so one payment row), and ~8% of
// opened-but-unpaid checkout links (a FAILED payment row).
import type { DemoContext } from './context.ts';

export async function drawPaymentFailures({ step }: DemoContext): Promise<void> {
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
}

export async function insertPayments({ step }: DemoContext): Promise<number> {
  const inserted = await step(
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
  return inserted.rowCount ?? 0;
}
