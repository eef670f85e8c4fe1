// MikroORM for PostgreSQL, with committed migrations. Schema sync is for nothing but tests of the
// mappings themselves; the database is only ever changed by migrations.
import type pg from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ALL_SCHEMAS } from './entities/schemas.ts';
import { MIGRATIONS } from './migrations/index.ts';

export type Orm = MikroORM;

const INT8_OID = 20;

/**
 * bigint (int8) values read as JS numbers on this pool: money columns are bigint, and every amount
 * we store is far below 2^53 (MONEY_CEILING_MINOR), as are counts. A value that is not a safe
 * integer stays text, so nothing is ever rounded silently. pg's default is text for every int8.
 */
export function parseInt8(text: string): number | string {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}

/** Clients are created lazily with the pool's options, so this runs before any connection exists. */
function readInt8AsNumber(pool: pg.Pool): void {
  const types = pool.options.types;
  if (!types) throw new Error('the pg pool has no type parsers to extend');
  pool.options.types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID && format !== 'binary' ? parseInt8 : types.getTypeParser(oid, format),
  };
}

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
    driverOptions: { onPoolCreated: readInt8AsNumber },
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
