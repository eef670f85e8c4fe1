// Payments end to end: inbound webhook events, the link timeline, in-app notifications, and the
// columns the redirect and card-update flows need.
import { Migration } from '@mikro-orm/migrations';

const statements = [
  // Stripe (and later Twilio/SendGrid) events, stored before processing and keyed by the provider's
  // event id so a redelivery is recognised. The tenant is known only once the event is matched.
  `create table webhook_events (
    provider text not null check (provider in ('stripe', 'twilio', 'sendgrid')),
    event_id text not null,
    organization_id uuid references organizations(id),
    type text not null,
    payload jsonb not null,
    status text not null default 'received' check (status in ('received', 'processed', 'ignored', 'failed')),
    attempts integer not null default 0,
    last_error text,
    received_at timestamptz not null default now(),
    processed_at timestamptz,
    primary key (provider, event_id)
  )`,
  `create index webhook_events_org_idx on webhook_events (organization_id, received_at desc)`,

  // What happened to a link, in order: created, sent, clicked, session renewed, paid, refunded, …
  `create table link_events (
    id uuid primary key,
    organization_id uuid not null references organizations(id),
    link_id uuid not null references payment_links(id),
    type text not null,
    occurred_at timestamptz not null,
    data jsonb not null default '{}'::jsonb
  )`,
  `create index link_events_org_link_idx on link_events (organization_id, link_id, occurred_at)`,

  `create table notifications (
    id uuid primary key,
    organization_id uuid not null references organizations(id),
    -- Null: for every staff member of the organization.
    user_id uuid references users(id),
    provider_id uuid,
    type text not null check (type in ('link_paid', 'link_expired', 'payment_failed', 'message_failed', 'new_link_requested', 'card_updated')),
    link_id uuid references payment_links(id),
    title text not null,
    body text not null default '',
    created_at timestamptz not null,
    read_at timestamptz
  )`,
  `create index notifications_org_created_idx on notifications (organization_id, created_at desc)`,

  // Web processes cache "where does this short code redirect" for a moment; any change that matters
  // to that answer is announced so every process forgets it at once (see FastLinkLookup).
  `create function payment_links_notify_change() returns trigger language plpgsql as $$
   begin
     if new.status is distinct from old.status or new.stripe_session_url is distinct from old.stripe_session_url
        or new.expires_at is distinct from old.expires_at then
       perform pg_notify('payment_link_changed', new.short_code);
     end if;
     return new;
   end $$`,
  `create trigger payment_links_changed after update on payment_links
     for each row execute function payment_links_notify_change()`,
  `alter table payment_links add column session_count integer not null default 0`,
  `alter table payment_links add column new_link_requested_at timestamptz`,
  `alter table payment_links add column card_payment_method_id text`,
  `create index payment_links_org_type_patient_idx on payment_links (organization_id, type, patient_id) where status = 'ACTIVE'`,
  `create index patients_stripe_customer_idx on patients (stripe_customer_id) where stripe_customer_id is not null`,
];

export class Migration0002Payments extends Migration {
  override name = '0002-payments';

  override up(): void {
    for (const sql of statements) this.addSql(sql);
  }
}
