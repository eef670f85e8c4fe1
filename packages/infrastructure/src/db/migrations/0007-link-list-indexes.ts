// The links list at 100,000 links a clinic: pages come from an index-only scan in the list's own order
// (newest first, id to break ties), and searches by patient or description use trigram indexes
// (pg_trgm, a trusted extension shipped with PostgreSQL) instead of reading every link.
import { Migration } from '@mikro-orm/migrations';

const statements = [
  `create extension if not exists pg_trgm`,
  `drop index payment_links_org_created_idx`,
  `create index payment_links_org_created_idx on payment_links (organization_id, created_at desc, id desc)`,
  `create index payment_links_description_trgm_idx on payment_links using gin (description gin_trgm_ops)`,
  `create index patients_name_trgm_idx on patients using gin (name gin_trgm_ops)`,
  `create index patients_email_trgm_idx on patients using gin (email gin_trgm_ops)`,
  `create index patients_phone_trgm_idx on patients using gin (phone gin_trgm_ops)`,
];

export class Migration0007LinkListIndexes extends Migration {
  override name = '0007-link-list-indexes';

  override up(): void {
    for (const sql of statements) this.addSql(sql);
  }
}
