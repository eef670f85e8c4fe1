// The organizations' IP allowlists and rate-limit overrides, read on every request: each process
// keeps what it read for a few seconds, so a change made in one process holds in all of them within
// CACHE_MS (and at once in the process that made it).
import type pg from 'pg';
import type { AccessPolicies, AllowlistSubject, RateLimitOverrides } from '@clinicpay/domain';

const CACHE_MS = 5_000;

type Entry = { at: number; lists: Map<AllowlistSubject, string[]>; overrides: RateLimitOverrides };

export class PgAccessPolicies implements AccessPolicies {
  private readonly pool: pg.Pool;
  private readonly cache = new Map<string, Entry>();
  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  private async load(organizationId: string): Promise<Entry> {
    const cached = this.cache.get(organizationId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached;
    const [lists, limits] = await Promise.all([
      this.pool.query<{ subject: AllowlistSubject; ranges: string[] }>(
        `select subject, ranges from access_allowlists where organization_id = $1`,
        [organizationId],
      ),
      this.pool.query<{ reads: number | null; writes: number | null; exports: number | null }>(
        `select reads, writes, exports from organization_rate_limits where organization_id = $1`,
        [organizationId],
      ),
    ]);
    const overrides: RateLimitOverrides = {};
    const row = limits.rows[0];
    if (row?.reads) overrides.reads = row.reads;
    if (row?.writes) overrides.writes = row.writes;
    if (row?.exports) overrides.exports = row.exports;
    const entry: Entry = {
      at: Date.now(),
      lists: new Map(lists.rows.map((r) => [r.subject, r.ranges])),
      overrides,
    };
    // Bounded: a process serving many clinics keeps the recently seen ones.
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(organizationId, entry);
    return entry;
  }

  async allowlist(organizationId: string, subject: AllowlistSubject): Promise<string[]> {
    return (await this.load(organizationId)).lists.get(subject) ?? [];
  }

  async allowlists(organizationId: string): Promise<Map<AllowlistSubject, string[]>> {
    this.cache.delete(organizationId);
    return new Map((await this.load(organizationId)).lists);
  }

  async setAllowlist(organizationId: string, subject: AllowlistSubject, ranges: string[], now: Date) {
    if (ranges.length === 0)
      await this.pool.query(`delete from access_allowlists where organization_id = $1 and subject = $2`, [
        organizationId,
        subject,
      ]);
    else
      await this.pool.query(
        `insert into access_allowlists (organization_id, subject, ranges, updated_at) values ($1, $2, $3, $4)
         on conflict (organization_id, subject) do update set ranges = excluded.ranges, updated_at = excluded.updated_at`,
        [organizationId, subject, ranges, now],
      );
    this.cache.delete(organizationId);
  }

  async rateLimitOverrides(organizationId: string): Promise<RateLimitOverrides> {
    return (await this.load(organizationId)).overrides;
  }

  async setRateLimitOverrides(organizationId: string, overrides: RateLimitOverrides, now: Date) {
    await this.pool.query(
      `insert into organization_rate_limits (organization_id, reads, writes, exports, updated_at)
       values ($1, $2, $3, $4, $5)
       on conflict (organization_id) do update
         set reads = excluded.reads, writes = excluded.writes, exports = excluded.exports, updated_at = excluded.updated_at`,
      [organizationId, overrides.reads ?? null, overrides.writes ?? null, overrides.exports ?? null, now],
    );
    this.cache.delete(organizationId);
  }
}
