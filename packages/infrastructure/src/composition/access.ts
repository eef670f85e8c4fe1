// Access: the request budgets (rate limits, counted in PostgreSQL or Redis) and the organizations'
// IP allowlists and per-organization budgets.
import type { AccessPolicies, RateLimiter } from '@clinicpay/domain';
import { PgAccessPolicies } from '../repositories/access-policies.ts';
import { FlexibleRateLimiter, redisForRateLimits } from '../security/rate-limiter.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Core } from './core.ts';

export type AccessComposition = {
  rateLimiter: RateLimiter;
  access: AccessPolicies;
  /** Where the counts live, for /readyz and the docs: "postgres", "redis" or "off". */
  rateLimitStore: 'postgres' | 'redis' | 'off';
  closeAccess(): Promise<void>;
};

const OFF: RateLimiter = { take: async () => null, budgetsFor: async () => null };

export function composeAccess(core: Core, metrics: Metrics, databaseName: string): AccessComposition {
  const { pool, logger, config } = core;
  const access = new PgAccessPolicies(pool);
  if (!config.rateLimits)
    return { rateLimiter: OFF, access, rateLimitStore: 'off', closeAccess: async () => {} };
  const redis = config.redisUrl ? redisForRateLimits(config.redisUrl, logger) : null;
  const rateLimiter = new FlexibleRateLimiter({
    budgets: config.rateLimits,
    store: redis ? { kind: 'redis', client: redis } : { kind: 'postgres', pool },
    access,
    logger,
    keyPrefix: `clinicpay:${databaseName}`,
    onRefused: (budget) => metrics.rateLimited.inc({ budget }),
  });
  return {
    rateLimiter,
    access,
    rateLimitStore: redis ? 'redis' : 'postgres',
    async closeAccess() {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
