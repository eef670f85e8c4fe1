// Messaging: every SMS and email we send (or refuse to send), the dev outbox, per-organization
// templates, bulk sends, the send rate limiter, and the patient/user fields messaging needs.
import { Migration } from '@mikro-orm/migrations';

const statements = [
  `create table messages (
    id uuid primary key,
    organization_id uuid not null references organizations(id),
    link_id uuid references payment_links(id),
    patient_id uuid not null,
    channel text not null check (channel in ('email', 'sms')),
    kind text not null check (kind in ('payment_request', 'card_update_request')),
    reason text not null check (reason in ('initial', 'resend', 'fallback', 'retry', 'bulk')),
    recipient text not null,
    status text not null check (status in ('queued', 'scheduled', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'refused')),
    provider text,
    provider_message_id text,
    segments integer,
    attempts integer not null default 0,
    error_code text,
    error_message text,
    refused_reason text,
    scheduled_for timestamptz,
    sent_at timestamptz,
    delivered_at timestamptz,
    failed_at timestamptz,
    fallback_of_message_id uuid references messages(id),
    fallback_reason text,
    bulk_batch_id uuid,
    custom_message text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    foreign key (organization_id, patient_id) references patients (organization_id, id)
  )`,
  `create index messages_org_link_idx on messages (organization_id, link_id, created_at)`,
  `create index messages_org_patient_idx on messages (organization_id, patient_id, created_at)`,
  `create index messages_org_created_idx on messages (organization_id, created_at desc)`,
  `create index payment_links_org_bulk_idx on payment_links (organization_id, (metadata->>'bulk_batch_id'), (metadata->>'bulk_row'))
     where metadata ? 'bulk_batch_id'`,
  `create index messages_org_batch_idx on messages (organization_id, bulk_batch_id) where bulk_batch_id is not null`,
  `create unique index messages_provider_id_unique on messages (provider, provider_message_id) where provider_message_id is not null`,

  // The dev outbox: what the capture adapters "sent" (no provider configured).
  `create table captured_messages (
    id uuid primary key,
    organization_id uuid references organizations(id),
    channel text not null,
    recipient text not null,
    subject text,
    body text not null,
    html text,
    headers jsonb not null default '{}'::jsonb,
    metadata jsonb not null default '{}'::jsonb,
    idempotency_key text unique,
    created_at timestamptz not null
  )`,
  `create index captured_messages_org_created_idx on captured_messages (organization_id, created_at desc)`,

  `create table message_templates (
    organization_id uuid not null references organizations(id),
    kind text not null check (kind in ('payment_request', 'card_update_request')),
    part text not null check (part in ('sms', 'email_subject', 'email_text')),
    body text not null,
    updated_at timestamptz not null,
    primary key (organization_id, kind, part)
  )`,

  `create table bulk_batches (
    id uuid primary key,
    organization_id uuid not null references organizations(id),
    idempotency_key text not null,
    created_by_user_id uuid references users(id),
    status text not null check (status in ('running', 'done')),
    total integer not null,
    created_at timestamptz not null,
    finished_at timestamptz,
    unique (organization_id, idempotency_key)
  )`,
  `create table bulk_batch_rows (
    id uuid primary key,
    organization_id uuid not null references organizations(id),
    batch_id uuid not null references bulk_batches(id),
    row_number integer not null,
    patient_id uuid,
    link_id uuid references payment_links(id),
    status text not null check (status in ('queued', 'skipped')),
    skip_reason text,
    request jsonb not null default '{}'::jsonb,
    unique (organization_id, batch_id, row_number)
  )`,

  // Token bucket per organization: sends never exceed the configured rate, across all workers.
  `create table send_rate_buckets (
    organization_id uuid primary key references organizations(id),
    tokens double precision not null,
    refilled_at timestamptz not null
  )`,

  // Live worker processes and their graphile-worker ids: a process that stops beating (killed) has
  // its locked jobs released at once, instead of after graphile-worker's 4-hour lock expiry.
  `create table worker_processes (
    id text primary key,
    worker_ids text[] not null default '{}',
    last_beat_at timestamptz not null
  )`,
  `alter table patients add column time_zone text`,
  `alter table users add column notify_by_email boolean not null default false`,
];

export class Migration0003Messaging extends Migration {
  override name = '0003-messaging';

  override up(): void {
    for (const sql of statements) this.addSql(sql);
  }
}
