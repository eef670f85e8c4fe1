// What /readyz reports: the database answers, no migration is pending, and when a worker last beat.
import type { Orm } from './orm.ts';
import { pendingMigrations } from './orm.ts';
import { lastHeartbeat } from '../jobs/heartbeat.ts';

export type Readiness = { database: boolean; migrationsPending: string[]; workerLastBeatAt: Date | null };

export async function readinessOf(orm: Orm): Promise<Readiness> {
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
}
