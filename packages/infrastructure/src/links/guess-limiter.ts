// How often one client may open a short code we don't know: a generic cell rate algorithm (GCRA) in
// PostgreSQL, so every web process shares it. Each client has one "theoretical arrival time" (TAT);
// a guess is allowed when the TAT is at most `burst - 1` intervals ahead of now, and moves it one
// interval on. So a client gets `burst` guesses at once, then one per interval, and a refused guess
// changes nothing: hammering while refused can't extend the wait, which is never longer than one
// interval. (A fixed lockout, as before, could be renewed forever and outlived every restart.)
import type pg from 'pg';

export type GuessVerdict = { ok: true } | { ok: false; retryAfterMs: number };

export type GuessPolicy = {
  /** Guesses allowed at once. */
  burst: number;
  /** Then one guess per interval. */
  intervalMs: number;
};

export class GuessLimiter {
  private readonly pool: pg.Pool;
  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Counts one guess by `key` at `now` if the policy allows it. */
  async take(key: string, now: Date, policy: GuessPolicy): Promise<GuessVerdict> {
    const toleranceMs = policy.intervalMs * (policy.burst - 1);
    // One atomic statement: allowed → the TAT moves on and a row comes back; refused → no row.
    const taken = await this.pool.query(
      `insert into short_code_guesses as g (key, theoretical_arrival_at)
       values ($1, $2::timestamptz + $3 * interval '1 millisecond')
       on conflict (key) do update
         set theoretical_arrival_at = greatest(g.theoretical_arrival_at, $2::timestamptz) + $3 * interval '1 millisecond'
         where g.theoretical_arrival_at - $2::timestamptz <= $4 * interval '1 millisecond'
       returning 1`,
      [key, now, policy.intervalMs, toleranceMs],
    );
    if ((taken.rowCount ?? 0) > 0) return { ok: true };
    const { rows } = await this.pool.query<{ wait_ms: string | number }>(
      `select extract(epoch from (theoretical_arrival_at - $2::timestamptz)) * 1000 - $3 as wait_ms
         from short_code_guesses where key = $1`,
      [key, now, toleranceMs],
    );
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil(Number(rows[0]?.wait_ms ?? policy.intervalMs))) };
  }

  /** Clients whose every guess is forgotten: their rows say nothing any more (and hold an address). */
  async prune(now: Date): Promise<number> {
    const result = await this.pool.query(`delete from short_code_guesses where theoretical_arrival_at < $1`, [
      now,
    ]);
    return result.rowCount ?? 0;
  }
}
