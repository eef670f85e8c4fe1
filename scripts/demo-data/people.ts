// Providers (3–8) and patients (links / 5): drawn before the links, which pick among them, and
// written after; a patient's card on file is the one its last completed card-update link saved.
import type { DemoContext } from './context.ts';

export async function drawPeople({ step }: DemoContext): Promise<void> {
  // Names from the lists, E.164 phones, emails first.last.n@example.com; ~11% have no email, ~18%
  // no phone, ~1% neither.
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
}

export async function insertProviders({ step }: DemoContext): Promise<number> {
  const inserted = await step(
    'providers',
    `insert into providers (id, organization_id, name, email, active, created_at, updated_at)
     select gp.id, p.org, gp.name, 'dr.' || lower(gp.last_name) || '.' || gp.n || '@' || p.slug || '.example', true,
       p.now - make_interval(days => p.days + 30), p.now - make_interval(days => p.days + 30)
     from gp, gparam p order by gp.n`,
  );
  return inserted.rowCount ?? 0;
}

export async function insertPatients({ step }: DemoContext): Promise<number> {
  const inserted = await step(
    'patients',
    `insert into patients (id, organization_id, name, email, phone, preferred_channel, email_consent, sms_consent,
       stripe_customer_id, card_brand, card_last4, card_exp_month, card_exp_year, card_payment_method_id, card_updated_at,
       created_at, updated_at)
     select pt.id, p.org, pt.name, pt.email, pt.phone,
       case when pt.r_pref < 0.35 and pt.phone is not null then 'sms'
            when pt.r_pref < 0.6 and pt.email is not null then 'email' end,
       true, true,
       -- No Stripe customer: an id made up here would be unknown to the gateway (the fresh sandbox or
       -- a real account), and every link for the patient would fail. The first link creates one.
       null,
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
  return inserted.rowCount ?? 0;
}
