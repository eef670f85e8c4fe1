// The composition root: which adapter serves which port, decided once from config and shared by
// the web app and the worker. Nothing else constructs adapters.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock, IdGenerator, RandomSource } from '@clinicpay/domain';
import type { Config } from './config/config.ts';
import { createOrm, pendingMigrations, type Orm } from './db/orm.ts';
import { GraphileJobQueue } from './jobs/graphile-job-queue.ts';
import { lastHeartbeat } from './jobs/heartbeat.ts';
import { PgAuditLog } from './repositories/audit-log.ts';
import {
  MikroOrganizationRepository,
  MikroPatientRepository,
  MikroProviderRepository,
} from './repositories/clinic-repositories.ts';
import {
  MikroApiKeyRepository,
  MikroStaffSessionRepository,
  MikroUserRepository,
} from './repositories/identity-repositories.ts';
import { PgSignInThrottle } from './repositories/sign-in-throttle.ts';
import { Argon2PasswordHasher } from './security/password-hasher.ts';
import { CryptoTokenService } from './security/token-service.ts';
import { cryptoRandom, systemClock, uuidGenerator } from './security/system.ts';
import type { Logger } from './logging/logger.ts';

/** Repositories bound to one unit of work (one request, one job). */
export type Scope = ReturnType<typeof scopeFor>;

function scopeFor(em: EntityManager) {
  return {
    em,
    users: new MikroUserRepository(em),
    sessions: new MikroStaffSessionRepository(em),
    apiKeys: new MikroApiKeyRepository(em),
    throttle: new PgSignInThrottle(em),
    audit: new PgAuditLog(em),
    organizations: new MikroOrganizationRepository(em),
    providers: new MikroProviderRepository(em),
    patients: new MikroPatientRepository(em),
    jobs: new GraphileJobQueue(em),
  };
}

export type RequestDeps = Scope & {
  passwords: Argon2PasswordHasher;
  tokens: CryptoTokenService;
  clock: Clock;
  ids: IdGenerator;
};

export type Container = {
  config: Config;
  orm: Orm;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  random: RandomSource;
  tokens: CryptoTokenService;
  passwords: Argon2PasswordHasher;
  /** A fresh identity map and the repositories bound to it: one per request or job. */
  scope(): Scope;
  /** A scope plus the stateless services: everything a request's use cases need. */
  requestDeps(): RequestDeps;
  /** Runs `work` in one database transaction; its jobs commit or roll back with it. */
  transaction<T>(work: (scope: Scope) => Promise<T>): Promise<T>;
  readiness(): Promise<{ database: boolean; migrationsPending: string[]; workerLastBeatAt: Date | null }>;
  close(): Promise<void>;
};

export async function createContainer(options: {
  config: Config;
  databaseUrl: string;
  logger: Logger;
  clock?: Clock;
  poolMax?: number;
}): Promise<Container> {
  const { config, logger } = options;
  const orm = await createOrm({
    databaseUrl: options.databaseUrl,
    poolMax: options.poolMax,
    onPoolError: (error) => logger.warn('database pool error', { error: error.message }),
  });
  const services = {
    clock: options.clock ?? systemClock,
    ids: uuidGenerator,
    tokens: new CryptoTokenService(),
    passwords: new Argon2PasswordHasher(),
  };
  return {
    config,
    orm,
    logger,
    ...services,
    random: cryptoRandom,
    scope: () => scopeFor(orm.em.fork()),
    requestDeps: () => ({ ...scopeFor(orm.em.fork()), ...services }),
    transaction: (work) => orm.em.fork().transactional((em) => work(scopeFor(em as EntityManager))),
    async readiness() {
      const em = orm.em.fork();
      try {
        await em.execute('select 1');
      } catch {
        return { database: false, migrationsPending: [], workerLastBeatAt: null };
      }
      const [migrationsPending, workerLastBeatAt] = await Promise.all([
        pendingMigrations(orm),
        lastHeartbeat(em).catch(() => null),
      ]);
      return { database: true, migrationsPending, workerLastBeatAt };
    },
    async close() {
      await orm.close(true);
    },
  };
}
