// The retention rules' storage side (see pruneClickData): click addresses, visitor salts and the
// unknown-code throttle's and the rate limits' rows. Cross-tenant by design; each statement is bounded.
import type pg from 'pg';
import type { ClickRetention } from '@clinicpay/domain';
import type { GuessLimiter } from '../links/guess-limiter.ts';
import { pruneRateLimits } from '../security/rate-limiter.ts';

const SLICE = 5000;

export class PgClickRetention implements ClickRetention {
  private readonly pool: pg.Pool;
  private readonly guesses: GuessLimiter;
  constructor(pool: pg.Pool, guesses: GuessLimiter) {
    this.pool = pool;
    this.guesses = guesses;
  }

  async eraseAddressesBefore(cutoff: Date): Promise<number> {
    let erased = 0;
    // In slices, so a first run over a large table never holds many row locks for long.
    for (;;) {
      const result = await this.pool.query(
        `update payment_link_clicks set ip_address = null
          where ctid = any(array(select ctid from payment_link_clicks
                                  where ip_address is not null and created_at < $1 limit ${SLICE}))`,
        [cutoff],
      );
      erased += result.rowCount ?? 0;
      if ((result.rowCount ?? 0) < SLICE) return erased;
    }
  }

  async deleteSaltsBefore(day: string): Promise<number> {
    const result = await this.pool.query(`delete from visitor_salts where day < $1`, [day]);
    return result.rowCount ?? 0;
  }

  /** The unknown-code throttle's idle clients, and rate-limit windows over an hour gone (both hold addresses). */
  async forgetIdleGuessers(now: Date): Promise<number> {
    return (await this.guesses.prune(now)) + (await pruneRateLimits(this.pool, now.getTime()));
  }
}
