// The schema's promises: every tenant-owned table carries organization_id, tenant indexes lead
// with it, the audit log can't be rewritten, and the migrations are all applied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';

// Tables that are not owned by a tenant, each with the reason.
const NOT_TENANT_OWNED: Record<string, string> = {
  organizations: 'the tenants themselves',
  auth_throttle: 'security counters keyed by hashed email or IP, before any tenant is known',
  short_code_guesses: 'the unknown-code throttle, per client address, before any link or tenant is known',
  rate_limits: 'request counters per key, user or client address, counted before (or regardless of) a tenant',
  system_heartbeats: 'process liveness, not clinic data',
  worker_processes: 'worker process liveness, not clinic data',
  mikro_orm_migrations: 'migration bookkeeping',
  visitor_salts:
    'one random salt per day for visitor hashes, shared by every tenant and deleted after two days',
};

// Multi-column indexes of tenant tables that serve a lookup made before the tenant is known.
const CROSS_TENANT_INDEXES: Record<string, string> = {
  messages_provider_id_unique: 'delivery reports name only the provider and its message id',
};

let c: TestContainer;
beforeAll(async () => {
  c = await createTestContainer();
});
afterAll(async () => {
  await c.dropDatabase();
});

describe('schema', () => {
  it('has organization_id on every tenant-owned table', async () => {
    const rows = await c.scope().em.execute<Array<{ table_name: string; has_org: boolean }>>(
      `select t.table_name,
              exists (select 1 from information_schema.columns col
                      where col.table_schema = 'public' and col.table_name = t.table_name
                        and col.column_name = 'organization_id') as has_org
         from information_schema.tables t
        where t.table_schema = 'public' and t.table_type = 'BASE TABLE'`,
    );
    expect(rows.length).toBeGreaterThan(8);
    const missing = rows
      .filter((r) => !r.has_org && !(r.table_name in NOT_TENANT_OWNED))
      .map((r) => r.table_name);
    expect(missing).toEqual([]);
  });

  it('leads every multi-column index of a tenant table with organization_id', async () => {
    const rows = await c
      .scope()
      .em.execute<Array<{ index_name: string; table_name: string; first_column: string }>>(
        `select i.relname as index_name, t.relname as table_name, a.attname as first_column
         from pg_index x
         join pg_class i on i.oid = x.indexrelid
         join pg_class t on t.oid = x.indrelid
         join pg_namespace n on n.oid = t.relnamespace
         join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
        where n.nspname = 'public' and x.indnatts > 1 and not x.indisprimary`,
      );
    const tenantTables = new Set(
      (
        await c
          .scope()
          .em.execute<Array<{ table_name: string }>>(
            `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'organization_id'`,
          )
      ).map((r) => r.table_name),
    );
    const offenders = rows
      .filter(
        (r) =>
          tenantTables.has(r.table_name) &&
          r.first_column !== 'organization_id' &&
          !(r.index_name in CROSS_TENANT_INDEXES),
      )
      .map((r) => `${r.table_name}.${r.index_name}`);
    expect(offenders).toEqual([]);
  });

  it('refuses to update or delete audit_log rows', async () => {
    const em = c.scope().em;
    await em.execute(
      `insert into audit_log (id, actor_type, actor_id, action, entity_type) values (gen_random_uuid(), 'system', 'test', 'test.event', 'test')`,
    );
    await expect(em.execute(`update audit_log set action = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(em.execute(`delete from audit_log`)).rejects.toThrow(/append-only/);
    const rows = await em.execute<Array<{ action: string }>>(`select action from audit_log`);
    expect(rows.map((r) => r.action)).toEqual(['test.event']);
  });

  it('stores money as integer minor units and short codes wider than the spec’s varchar(10)', async () => {
    const cols = await c
      .scope()
      .em.execute<Array<{ table_name: string; column_name: string; data_type: string; len: number | null }>>(
        `select table_name, column_name, data_type, character_maximum_length as len from information_schema.columns
        where table_schema = 'public' and (column_name like '%amount%' or column_name like '%refunded%' or column_name = 'short_code')`,
      );
    for (const col of cols.filter((x) => x.column_name !== 'short_code')) {
      expect(`${col.table_name}.${col.column_name}:${col.data_type}`).toMatch(/:(integer|bigint)$/);
    }
    const shortCode = cols.find((x) => x.column_name === 'short_code');
    expect(shortCode?.len).toBeGreaterThanOrEqual(15);
  });

  it('reports no pending migrations once migrated', async () => {
    const readiness = await c.readiness();
    expect(readiness.database).toBe(true);
    expect(readiness.migrationsPending).toEqual([]);
  });
});
