// What every area's composition builds on: config, the database, the clock, ids and the logger.
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { Clock, IdGenerator, RandomSource, UnitOfWork } from '@clinicpay/domain';
import type { Config } from '../config/config.ts';
import type { Orm } from '../db/orm.ts';
import type { Logger } from '../logging/logger.ts';
import { linkReposFor } from './scope.ts';

export type Core = {
  config: Config;
  orm: Orm;
  /** The application's pg pool (shared with graphile-worker and the click recorder). */
  pool: pg.Pool;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  random: RandomSource;
  /** Runs a use case's work in one transaction over fresh repositories (its jobs commit with it). */
  uow: UnitOfWork;
};

export function unitOfWork(orm: Orm): UnitOfWork {
  return { run: (work) => orm.em.fork().transactional((em) => work(linkReposFor(em as EntityManager))) };
}
