// Analytics: per-link click facts kept beside the link (maintained in the same statement that
// writes the clicks, so they always equal the raw rows), daily visitor salts, and the indexes the
// organization dashboard and the exports read through.
import { Migration } from '@mikro-orm/migrations';

const statements = [
  // Random, one per UTC day, deleted after two days: a visitor hash can't be recomputed later.
  `create table visitor_salts (
    day date primary key,
    salt text not null
  )`,
  // Human clicks only (bots never count): when the first came, through which channels any came,
  // and the channel of the last one while the link was still payable (what a payment is credited to).
  `alter table payment_links add column first_clicked_at timestamptz`,
  `alter table payment_links add column clicked_via text[] not null default '{}'`,
  `alter table payment_links add column last_click_channel text`,
  `create index payment_links_org_completed_idx on payment_links (organization_id, completed_at) where completed_at is not null`,
  `create index payment_links_org_expired_idx on payment_links (organization_id, expired_at) where expired_at is not null`,
  `create index payments_org_paid_idx on payments (organization_id, paid_at)`,
  // The retention job finds clicks that still carry an address.
  `create index payment_link_clicks_ip_retention_idx on payment_link_clicks (created_at) where ip_address is not null`,
];

export class Migration0004Analytics extends Migration {
  override name = '0004-analytics';

  override up(): void {
    for (const sql of statements) this.addSql(sql);
  }
}
