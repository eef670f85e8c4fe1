// Recovering jobs from killed workers. graphile-worker releases a job locked by a dead worker only
// after 4 hours; a send or a bulk batch can't wait that long. Each worker process records its
// worker ids and beats every few seconds; any process whose beat is stale has its jobs unlocked.
import type pg from 'pg';

const BEAT_MS = 5_000;
const STALE_MS = 20_000;

export type WorkerRegistration = { addWorkerId(id: string): void; stop(): Promise<void> };

export async function registerWorkerProcess(
  pool: pg.Pool,
  processId: string,
  onError: (e: Error) => void,
): Promise<WorkerRegistration> {
  const workerIds = new Set<string>();
  const beat = async () => {
    await pool.query(
      `insert into worker_processes (id, worker_ids, last_beat_at) values ($1, $2, now())
       on conflict (id) do update set worker_ids = excluded.worker_ids, last_beat_at = now()`,
      [processId, [...workerIds]],
    );
    await releaseDeadWorkers(pool);
  };
  await beat();
  const timer = setInterval(() => void beat().catch(onError), BEAT_MS);
  timer.unref();
  return {
    addWorkerId(id) {
      workerIds.add(id);
      void beat().catch(onError);
    },
    async stop() {
      clearInterval(timer);
      await pool.query('delete from worker_processes where id = $1', [processId]).catch(() => {});
    },
  };
}

/** Unlocks the jobs of every worker process that stopped beating, then forgets the process. */
export async function releaseDeadWorkers(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ id: string; worker_ids: string[] }>(
    `delete from worker_processes where last_beat_at < now() - $1::interval returning id, worker_ids`,
    [`${STALE_MS} milliseconds`],
  );
  const ids = rows.flatMap((r) => r.worker_ids);
  if (ids.length > 0) await pool.query('select graphile_worker.force_unlock_workers($1::text[])', [ids]);
  return ids.length;
}
