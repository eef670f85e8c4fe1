// Enqueues graphile-worker jobs through the request's own connection, so a job is committed or
// rolled back together with the state change that needs it (ARCHITECTURE.md decision 5).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EnqueueOptions, JobQueue } from '@clinicpay/domain';

export class GraphileJobQueue implements JobQueue {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  async enqueue(task: string, payload: object, opts: EnqueueOptions = {}): Promise<void> {
    if (opts.batchKey !== undefined) {
      // The key's second and the run time come from one reading of the database clock, in the
      // statement that adds the item: the job can't be picked up before that second has passed
      // by a whole second more.
      await this.em.execute(
        `select graphile_worker.add_job(?, ?::json, run_at => to_timestamp(s + 2), job_key => ? || ':' || s,
                max_attempts => ?, job_key_mode => 'preserve_run_at')
           from (select floor(extract(epoch from clock_timestamp()))::bigint as s) as now_second`,
        [task, JSON.stringify(payload), opts.batchKey, opts.maxAttempts ?? 25],
        'run',
      );
      return;
    }
    await this.em.execute(
      `select graphile_worker.add_job(?, ?::json, run_at => ?::timestamptz, job_key => ?, max_attempts => ?, job_key_mode => ?)`,
      [
        task,
        JSON.stringify(payload),
        opts.runAt ?? null,
        opts.jobKey ?? null,
        opts.maxAttempts ?? 25,
        'replace',
      ],
      'run',
    );
  }
}
