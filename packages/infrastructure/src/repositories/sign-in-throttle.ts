// Failed sign-ins counted in PostgreSQL so every web process sees the same numbers.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SignInThrottle } from '@clinicpay/domain';

export class PgSignInThrottle implements SignInThrottle {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  async lockedUntil(keys: string[], now: Date): Promise<Date | null> {
    const rows = await this.em.execute<Array<{ until: Date | null }>>(
      'select max(locked_until) as until from auth_throttle where key in (?) and locked_until > ?',
      [keys, now],
    );
    const until = rows[0]?.until;
    return until ? new Date(until) : null;
  }

  async recordFailure(
    keys: Array<{ key: string; limit: number }>,
    now: Date,
    windowMs: number,
    lockMs: number,
  ): Promise<void> {
    const windowStart = new Date(now.getTime() - windowMs);
    const lockUntil = new Date(now.getTime() + lockMs);
    for (const { key, limit } of keys) {
      // One atomic upsert: a failure outside the window starts a new window.
      await this.em.execute(
        `insert into auth_throttle (key, failures, window_started_at, locked_until)
         values (?, 1, ?, case when 1 >= ? then ?::timestamptz end)
         on conflict (key) do update set
           failures = case when auth_throttle.window_started_at < ? then 1 else auth_throttle.failures + 1 end,
           window_started_at = case when auth_throttle.window_started_at < ? then excluded.window_started_at
                                    else auth_throttle.window_started_at end,
           locked_until = case
             when (case when auth_throttle.window_started_at < ? then 1 else auth_throttle.failures + 1 end) >= ?
             then ?::timestamptz else auth_throttle.locked_until end`,
        [key, now, limit, lockUntil, windowStart, windowStart, windowStart, limit, lockUntil],
      );
    }
  }

  async clear(key: string): Promise<void> {
    await this.em.execute('delete from auth_throttle where key = ?', [key]);
  }
}
