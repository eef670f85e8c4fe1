// The composition root: which adapter serves which port, decided once from config and shared by
// the web app and the worker. Each area composes its own adapters (composition/*.ts); this file
// only builds the shared core and puts the areas together. Nothing else constructs adapters.
import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  AnalyticsDeps,
  BulkDeps,
  Clock,
  MessagingDeps,
  PaymentGateway,
  PaymentLinkDeps,
} from '@clinicpay/domain';
import type { Config } from './config/config.ts';
import { createOrm } from './db/orm.ts';
import { readinessOf, type Readiness } from './db/readiness.ts';
import { cryptoRandom, systemClock, uuidGenerator } from './security/system.ts';
import type { Logger } from './logging/logger.ts';
import { unitOfWork, type Core } from './composition/core.ts';
import { scopeFor, type Scope } from './composition/scope.ts';
import { composePayments, type PaymentsComposition } from './composition/payments.ts';
import { composeMessaging, unavailableChannels, type MessagingComposition } from './composition/messaging.ts';
import { composeIdentity, type IdentityComposition } from './composition/identity.ts';
import { composeAnalytics, type AnalyticsComposition } from './composition/analytics.ts';
import { composeAccess, type AccessComposition } from './composition/access.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';

export type { Scope } from './composition/scope.ts';

/** A scope plus the stateless services: everything a request's use cases need. */
export type RequestDeps = Scope &
  IdentityComposition & {
    analytics: AnalyticsDeps;
    bulkSends: BulkDeps;
    paymentLinks: PaymentLinkDeps;
    messaging: MessagingDeps;
    clock: Core['clock'];
    ids: Core['ids'];
    publicBaseUrl: string;
  } & Pick<AccessComposition, 'rateLimiter' | 'access'>;

export type Container = Omit<Core, 'uow'> &
  PaymentsComposition &
  MessagingComposition &
  IdentityComposition &
  Omit<AnalyticsComposition, 'analyticsDeps' | 'closeAnalytics'> &
  Omit<AccessComposition, 'closeAccess'> & {
    /** A fresh identity map and the repositories bound to it: one per request or job. */
    scope(): Scope;
    /** Runs `work` in one database transaction; its jobs commit or roll back with it. */
    transaction<T>(work: (scope: Scope) => Promise<T>): Promise<T>;
    /** A scope plus the stateless services: everything a request's use cases need. */
    requestDeps(): RequestDeps;
    readiness(): Promise<Readiness>;
    /** This process's Prometheus metrics (docs/operations.md). */
    metrics: Metrics;
    close(): Promise<void>;
  };

export async function createContainer(options: {
  config: Config;
  databaseUrl: string;
  logger: Logger;
  clock?: Clock;
  poolMax?: number;
  /** Tests may pass a gateway pointed at their own sandbox. */
  gateway?: PaymentGateway;
  /** Labels this process's metrics: web (default) or worker. */
  processName?: string;
}): Promise<Container> {
  const { config, logger } = options;
  const metrics = createMetrics(options.processName ?? 'web');
  const orm = await createOrm({
    databaseUrl: options.databaseUrl,
    poolMax: options.poolMax,
    onPoolError: (error) => logger.warn('database pool error', { error: error.message }),
  });
  const core: Core = {
    config,
    orm,
    pool: await orm.em.getConnection().getNativeClient(),
    logger,
    clock: options.clock ?? systemClock,
    ids: uuidGenerator,
    random: cryptoRandom,
    uow: unitOfWork(orm),
  };
  const payments = composePayments(core, {
    gateway: options.gateway,
    unavailableChannels: unavailableChannels(core),
  });
  const messaging = composeMessaging(core, payments);
  const identity = composeIdentity();
  const { analyticsDeps, closeAnalytics, ...analytics } = composeAnalytics(core);
  const { closeAccess, ...access } = composeAccess(
    core,
    metrics,
    decodeURIComponent(URL.parse(options.databaseUrl)?.pathname.slice(1) ?? '') || 'clinicpay',
  );
  const { uow: _uow, ...shared } = core;
  return {
    ...shared,
    ...payments,
    ...messaging,
    ...identity,
    ...analytics,
    ...access,
    scope: () => scopeFor(orm.em.fork()),
    transaction: (work) => orm.em.fork().transactional((em) => work(scopeFor(em as EntityManager))),
    requestDeps: () => {
      const scope = scopeFor(orm.em.fork());
      return {
        ...scope,
        ...identity,
        clock: core.clock,
        ids: core.ids,
        analytics: analyticsDeps(scope),
        paymentLinks: payments.paymentDeps(),
        messaging: messaging.messagingDeps(),
        bulkSends: payments.bulkDeps(),
        publicBaseUrl: config.publicBaseUrl,
        rateLimiter: access.rateLimiter,
        access: access.access,
      };
    },
    readiness: () => readinessOf(orm),
    metrics,
    async close() {
      await closeAnalytics();
      await closeAccess();
      await orm.close(true);
    },
  };
}
