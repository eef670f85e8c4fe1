// The first schema: tenants, staff, patients, links, clicks, payments, API keys, audit log.
// Hand-written SQL so every constraint and index is deliberate. Tenant-owned tables carry
// organization_id and their tenant-scoped indexes lead with it (ARCHITECTURE.md decision 6).
import { Migration } from '@mikro-orm/migrations';

const statements = [
  `create table organizations (
    id uuid primary key,
    name text not null check (length(name) between 1 and 200),
    slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    time_zone text not null default 'America/New_York',
    locale text not null default 'en-US',
    default_currency char(3) not null default 'USD',
    contact_phone text,
    contact_email text,
    short_link_base_url text,
    settings jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,

  `create table users (
    id uuid primary key,
    organization_id uuid references organizations(id),
    email text not null check (email = lower(email)),
    name text not null,
    role text not null check (role in ('SUPER_ADMIN', 'ADMIN', 'PROVIDER', 'BILLING')),
    password_hash text not null,
    disabled_at timestamptz,
    last_login_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    -- Only the platform's super admins stand outside every organization.
    check (organization_id is not null or role = 'SUPER_ADMIN')
  )`,
  `create unique index users_email_unique on users (email)`,
  `create index users_org_idx on users (organization_id, email)`,

  `create table staff_sessions (
    id uuid primary key,
    organization_id uuid references organizations(id),
    user_id uuid not null references users(id),
    token_hash text not null unique,
    created_at timestamptz not null,
    last_seen_at timestamptz not null,
    expires_at timestamptz not null,
    revoked_at timestamptz,
    ip text,
    user_agent text
  )`,
  `create index staff_sessions_user_idx on staff_sessions (user_id)`,

  // Failed sign-ins per account and per IP, shared by every web process.
  `create table auth_throttle (
    key text primary key,
    failures integer not null default 0,
    window_started_at timestamptz not null,
    locked_until timestamptz
  )`,

  // Liveness of background processes (the worker's heartbeat), read by /readyz.
  `create table system_heartbeats (
    name text primary key,
    last_beat_at timestamptz not null,
    details jsonb not null default '{}'::jsonb
  )`,

  `create table providers (
    id uuid primary key,
    organization_id uuid not null references organizations(id),
    name text not null,
    email text,
    user_id uuid references users(id),
    active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (organization_id, id)
  )`,
  `create index providers_org_name_idx on providers (organization_id, name)`,

  `create table patients (
    id uuid primary key,
    organization_id uuid not null references organizations(id),
    name text not null check (length(name) between 1 and 200),
    email text,
    phone text check (phone ~ '^\\+[1-9][0-9]{6,14}$'),
    preferred_channel text check (preferred_channel in ('email', 'sms')),
    email_consent boolean not null default true,
    sms_consent boolean not null default true,
    email_opted_out_at timestamptz,
    sms_opted_out_at timestamptz,
    email_unusable_at timestamptz,
    external_ref text,
    stripe_customer_id text,
    card_brand text,
    card_last4 char(4) check (card_last4 ~ '^[0-9]{4}$'),
    card_exp_month smallint check (card_exp_month between 1 and 12),
    card_exp_year smallint check (card_exp_year between 2000 and 2200),
    card_payment_method_id text,
    card_updated_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (organization_id, id)
  )`,
  `create index patients_org_name_idx on patients (organization_id, lower(name))`,
  `create index patients_org_email_idx on patients (organization_id, email)`,
  `create index patients_org_phone_idx on patients (organization_id, phone)`,
  `create unique index patients_org_stripe_customer_unique on patients (organization_id, stripe_customer_id)`,
  `create index patients_org_card_expiry_idx on patients (organization_id, card_exp_year, card_exp_month)
     where card_last4 is not null`,

  `create table payment_links (
    id uuid primary key,
    organization_id uuid not null references organizations(id),
    provider_id uuid,
    patient_id uuid not null,
    created_by_user_id uuid references users(id),
    created_by_api_key_id uuid,
    regenerated_from_link_id uuid references payment_links(id),
    type text not null check (type in ('CHECKOUT', 'CARD_UPDATE')),
    status text not null check (status in ('ACTIVE', 'COMPLETED', 'EXPIRED', 'CANCELLED', 'REFUNDED', 'PARTIALLY_REFUNDED')),
    currency char(3) not null default 'USD',
    amount_minor integer check (amount_minor >= 0),
    line_items jsonb not null default '[]'::jsonb,
    description text,
    metadata jsonb not null default '{}'::jsonb,
    -- Bearer secret: >= 72 bits from a CSPRNG (decision 7), so wider than the spec's varchar(10).
    short_code varchar(32) not null unique,
    expires_at timestamptz not null,
    completed_at timestamptz,
    expired_at timestamptz,
    cancelled_at timestamptz,
    stripe_customer_id text,
    stripe_session_id text unique,
    stripe_session_url text,
    stripe_session_expires_at timestamptz,
    payment_intent_id text,
    setup_intent_id text,
    invoice_id text,
    receipt_url text,
    refunded_minor integer not null default 0 check (refunded_minor >= 0),
    last_payment_failure_code text,
    last_payment_failure_message text,
    last_payment_failed_at timestamptz,
    send_via text[] not null default '{}',
    custom_message text,
    click_count integer not null default 0,
    last_clicked_at timestamptz,
    sent_via_email boolean not null default false,
    sent_via_sms boolean not null default false,
    email_sent_at timestamptz,
    sms_sent_at timestamptz,
    recipient_email text,
    recipient_phone text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    version integer not null default 1,
    foreign key (organization_id, patient_id) references patients (organization_id, id),
    foreign key (organization_id, provider_id) references providers (organization_id, id),
    check (type = 'CARD_UPDATE' or provider_id is not null),
    check (type = 'CARD_UPDATE' or amount_minor > 0),
    check (refunded_minor <= coalesce(amount_minor, 0))
  )`,
  `create index payment_links_org_created_idx on payment_links (organization_id, created_at desc)`,
  `create index payment_links_org_status_idx on payment_links (organization_id, status, expires_at)`,
  `create index payment_links_org_provider_idx on payment_links (organization_id, provider_id, created_at desc)`,
  `create index payment_links_org_patient_idx on payment_links (organization_id, patient_id, created_at desc)`,
  // The expiry sweep runs across tenants; it only ever looks at ACTIVE links.
  `create index payment_links_active_expiry_idx on payment_links (expires_at) where status = 'ACTIVE'`,
  `create index payment_links_payment_intent_idx on payment_links (payment_intent_id) where payment_intent_id is not null`,

  `create table payment_link_clicks (
    id uuid primary key,
    organization_id uuid not null references organizations(id),
    link_id uuid not null references payment_links(id),
    created_at timestamptz not null default now(),
    method text not null default 'GET',
    ip_address inet,
    user_agent text,
    referrer text,
    channel text,
    is_bot boolean not null default false,
    bot_reason text,
    device_type text,
    browser text,
    os text,
    visitor_hash text
  )`,
  `create index payment_link_clicks_org_link_idx on payment_link_clicks (organization_id, link_id, created_at)`,
  `create index payment_link_clicks_org_created_idx on payment_link_clicks (organization_id, created_at)`,

  `create table payments (
    id uuid primary key,
    organization_id uuid not null references organizations(id),
    link_id uuid not null references payment_links(id),
    patient_id uuid not null,
    provider_id uuid,
    status text not null check (status in ('SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED')),
    currency char(3) not null,
    amount_minor integer not null check (amount_minor >= 0),
    refunded_minor integer not null default 0 check (refunded_minor >= 0),
    stripe_payment_intent_id text unique,
    stripe_charge_id text,
    receipt_url text,
    failure_code text,
    failure_message text,
    paid_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    foreign key (organization_id, patient_id) references patients (organization_id, id)
  )`,
  `create index payments_org_created_idx on payments (organization_id, created_at desc)`,
  `create index payments_org_link_idx on payments (organization_id, link_id)`,

  `create table api_keys (
    id uuid primary key,
    organization_id uuid not null references organizations(id),
    name text not null,
    prefix text not null unique,
    secret_hash text not null,
    created_by_user_id uuid references users(id),
    last_used_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz not null default now()
  )`,
  `create index api_keys_org_idx on api_keys (organization_id, created_at desc)`,

  `create table audit_log (
    id uuid primary key,
    organization_id uuid references organizations(id),
    actor_type text not null check (actor_type in ('user', 'api_key', 'system', 'webhook')),
    actor_id text,
    action text not null,
    entity_type text not null,
    entity_id text,
    request_id text,
    ip text,
    data jsonb not null default '{}'::jsonb,
    occurred_at timestamptz not null default now()
  )`,
  `create index audit_log_org_time_idx on audit_log (organization_id, occurred_at desc)`,
  `create index audit_log_org_entity_idx on audit_log (organization_id, entity_type, entity_id)`,
  // Append-only: history can't be rewritten through the application's connection.
  `create function audit_log_is_append_only() returns trigger language plpgsql as $$
   begin
     raise exception 'audit_log is append-only';
   end $$`,
  `create trigger audit_log_no_update before update or delete on audit_log
     for each row execute function audit_log_is_append_only()`,
  `create trigger audit_log_no_truncate before truncate on audit_log
     for each statement execute function audit_log_is_append_only()`,
];

export class Migration0001InitialSchema extends Migration {
  override name = '0001-initial-schema';

  override up(): void {
    for (const sql of statements) this.addSql(sql);
  }
}
