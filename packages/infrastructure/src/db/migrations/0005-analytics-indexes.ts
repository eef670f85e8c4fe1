// Delivery facts on the link, and indexes for analytics. The organization dashboard reads a range of a clinic's links: these covering indexes let it do so
// without touching the (wide) link rows — index-only scans of just the columns the figures use.
import { Migration } from '@mikro-orm/migrations';

const statements = [
  // When the provider first reported a message on each channel delivered (set with the message's
  // status, in the same transaction).
  `alter table payment_links add column email_delivered_at timestamptz`,
  `alter table payment_links add column sms_delivered_at timestamptz`,
  `create index payment_links_org_created_facts_idx on payment_links (organization_id, created_at)
     include (id, provider_id, type, status, currency, amount_minor, completed_at, email_sent_at, sms_sent_at,
              sent_via_email, sent_via_sms, email_delivered_at, sms_delivered_at, clicked_via, last_click_channel, first_clicked_at,
              last_payment_failed_at, session_count)`,
  // Messages and payments of a range, likewise (replacing the plain (organization_id, created_at) ones).
  `drop index messages_org_created_idx`,
  `create index messages_org_created_idx on messages (organization_id, created_at) include (link_id, channel, status)`,
  `drop index payments_org_created_idx`,
  `create index payments_org_created_idx on payments (organization_id, created_at)
     include (link_id, currency, status, amount_minor, refunded_minor)`,
  `drop index payment_links_org_completed_idx`,
  `drop index payment_links_org_expired_idx`,
  `create index payment_links_org_completed_idx on payment_links (organization_id, completed_at)
     include (provider_id, type) where completed_at is not null`,
  `create index payment_links_org_expired_idx on payment_links (organization_id, expired_at)
     include (provider_id, type) where expired_at is not null`,
];

export class Migration0005AnalyticsIndexes extends Migration {
  override name = '0005-analytics-indexes';

  override up(): void {
    for (const sql of statements) this.addSql(sql);
  }
}
