// The API's request budgets, counted with rate-limiter-flexible in a store every web process shares:
// PostgreSQL (the app's own pool, table `rate_limits`) or Redis when REDIS_URL is set. Fixed windows
// per caller and budget. When the store can't be reached, each process counts on its own for the
// moment (the library's insurance limiter) rather than refusing or failing requests.
import { Redis } from 'ioredis';
import type pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { AccessPolicies, RateBudget, RateLimitDecision, RateLimiter } from '@clinicpay/domain';
import type { Config } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';

type Budgets = NonNullable<Config['rateLimits']>;

export type RateLimitStore = { kind: 'postgres'; pool: pg.Pool } | { kind: 'redis'; client: Redis };

/** A Redis client that fails fast while Redis is away (so the insurance limiter answers at once). */
export function redisForRateLimits(url: string, logger: Logger): Redis {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  let reported = false;
  client.on('error', (error: Error) => {
    if (!reported) logger.warn('rate-limit store (Redis) unreachable', { error: error.message });
    reported = true;
  });
  client.on('ready', () => {
    reported = false;
  });
  return client;
}

export class FlexibleRateLimiter implements RateLimiter {
  private readonly budgets: Budgets;
  private readonly store: RateLimitStore;
  private readonly access: AccessPolicies;
  private readonly logger: Logger;
  private readonly keyPrefix: string;
  private readonly onRefused: (budget: RateBudget) => void;
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(options: {
    budgets: Budgets;
    store: RateLimitStore;
    access: AccessPolicies;
    logger: Logger;
    /** Keeps two deployments (or test databases) sharing one Redis apart. */
    keyPrefix: string;
    /** Told of every refused request (the metrics' counter). */
    onRefused?: (budget: RateBudget) => void;
  }) {
    this.budgets = options.budgets;
    this.store = options.store;
    this.access = options.access;
    this.logger = options.logger;
    this.keyPrefix = options.keyPrefix;
    this.onRefused = options.onRefused ?? (() => {});
  }

  /** One limiter per (budget, limit): an override changes the limit, never the count kept so far. */
  private limiterFor(budget: RateBudget, points: number): RateLimiterAbstract {
    const id = `${budget}:${points}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const common = {
        keyPrefix: `${this.keyPrefix}:${budget}`,
        points,
        duration: this.budgets.windowSeconds,
        insuranceLimiter: new RateLimiterMemory({ points, duration: this.budgets.windowSeconds }),
      };
      limiter =
        this.store.kind === 'redis'
          ? new RateLimiterRedis({ ...common, storeClient: this.store.client, rejectIfRedisNotReady: true })
          : new RateLimiterPostgres({
              ...common,
              storeClient: this.store.pool,
              storeType: 'pool',
              tableName: 'rate_limits',
              tableCreated: true,
              clearExpiredByTimeout: false,
            });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  async budgetsFor(organizationId: string) {
    const overrides = await this.access.rateLimitOverrides(organizationId);
    return {
      windowSeconds: this.budgets.windowSeconds,
      reads: overrides.reads ?? this.budgets.reads,
      writes: overrides.writes ?? this.budgets.writes,
      exports: overrides.exports ?? this.budgets.exports,
    };
  }

  async take(input: {
    subject: string;
    budget: RateBudget;
    organizationId: string | null;
  }): Promise<RateLimitDecision | null> {
    const { subject, budget, organizationId } = input;
    let limit = this.budgets[budget];
    try {
      if (organizationId && budget !== 'anonymous')
        limit = (await this.access.rateLimitOverrides(organizationId))[budget] ?? limit;
    } catch {
      // The overrides can't be read (the database is away): the default budget holds meanwhile.
    }
    const decide = (allowed: boolean, res: RateLimiterRes): RateLimitDecision => ({
      allowed,
      budget,
      limit,
      remaining: Math.max(0, res.remainingPoints),
      windowSeconds: this.budgets.windowSeconds,
      resetSeconds: Math.max(0, Math.ceil(res.msBeforeNext / 1000)),
    });
    try {
      return decide(true, await this.limiterFor(budget, limit).consume(subject));
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) {
        this.onRefused(budget);
        // Logged once per caller and window (the first refusal), not once per refused request.
        if (outcome.consumedPoints === limit + 1)
          this.logger.warn('rate limited', { budget, subject: subject.split(':')[0], limit });
        return decide(false, outcome);
      }
      this.logger.warn('rate limiter failed; request let through', {
        budget,
        error: outcome instanceof Error ? outcome.message : String(outcome),
      });
      return null;
    }
  }
}

/** Windows that ended over an hour ago (PostgreSQL store; Redis expires its own keys). */
export async function pruneRateLimits(pool: pg.Pool, nowMs: number): Promise<number> {
  const result = await pool.query(`delete from rate_limits where expire < $1`, [nowMs - 3_600_000]);
  return result.rowCount ?? 0;
}
