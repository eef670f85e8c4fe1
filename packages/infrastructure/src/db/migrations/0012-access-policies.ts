// Rate limits and IP allowlists. `rate_limits` is rate-limiter-flexible's own table (its PostgreSQL
// store: one row per caller and budget, `expire` in epoch milliseconds), made here so the app never
// needs DDL rights at run time. The allowlists and per-organization budgets are tenant-owned.
import { Migration } from '@mikro-orm/migrations';

export class Migration0012AccessPolicies extends Migration {
  override name = '0012-access-policies';

  override up(): void {
    this.addSql(`create table rate_limits (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    )`);
    // subject: 'dashboard' (staff) or 'api_key:<id>'; an empty list is stored as no row.
    this.addSql(`create table access_allowlists (
      organization_id uuid not null references organizations (id) on delete cascade,
      subject text not null,
      ranges text[] not null,
      updated_at timestamptz not null,
      primary key (organization_id, subject)
    )`);
    this.addSql(`create table organization_rate_limits (
      organization_id uuid primary key references organizations (id) on delete cascade,
      reads integer check (reads > 0),
      writes integer check (writes > 0),
      exports integer check (exports > 0),
      updated_at timestamptz not null
    )`);
  }
}
