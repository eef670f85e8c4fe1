// MikroORM for PostgreSQL, with committed migrations. Schema sync is for nothing but tests of the
// mappings themselves; the database is only ever changed by migrations.
import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ALL_SCHEMAS } from './entities/schemas.ts';
import { MIGRATIONS } from './migrations/index.ts';

export type Orm = MikroORM;

export async function createOrm(options: {
  databaseUrl: string;
  poolMax?: number;
  debug?: boolean;
  onPoolError?: (error: Error) => void;
}): Promise<Orm> {
  const orm = await MikroORM.init({
    clientUrl: options.databaseUrl,
    entities: ALL_SCHEMAS,
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    debug: options.debug ?? false,
    allowGlobalContext: false,
    // Our classes are constructed through static factories, never by MikroORM with arguments.
    forceEntityConstructor: false,
  });
  const pool = await orm.em.getConnection().getNativeClient();
  pool.on('error', (error: Error) => options.onPoolError?.(error));
  return orm;
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}

/** Names of migrations the code knows but the database has not applied. */
export async function pendingMigrations(orm: Orm): Promise<string[]> {
  const pending = await orm.migrator.getPending();
  return pending.map((m) => m.name);
}
