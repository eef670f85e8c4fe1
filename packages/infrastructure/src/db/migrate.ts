// Applies our migrations and graphile-worker's schema under one advisory lock, so a web process, a
// worker and `db:migrate` starting together never race.
import pg from 'pg';
import { Logger as GraphileLogger, runMigrations } from 'graphile-worker';
import { createOrm, migrate } from './orm.ts';

const MIGRATION_LOCK = 7_346_221;

export async function migrateDatabase(databaseUrl: string): Promise<{ applied: string[] }> {
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const orm = await createOrm({ databaseUrl, poolMax: 2 });
    try {
      const applied = await migrate(orm);
      const pool = await orm.em.getConnection().getNativeClient();
      await runMigrations({ pgPool: pool, logger: silentGraphileLogger() });
      return { applied };
    } finally {
      await orm.close(true);
    }
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await lock.end();
  }
}

function silentGraphileLogger(): GraphileLogger {
  return new GraphileLogger(() => () => {});
}
