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
    await this.em.execute(
      `select graphile_worker.add_job(?, ?::json, run_at => ?::timestamptz, job_key => ?, max_attempts => ?, job_key_mode => ?)`,
      [
        task,
        JSON.stringify(payload),
        opts.runAt ?? null,
        opts.jobKey ?? null,
        opts.maxAttempts ?? 25,
        opts.appendToBatch ? 'preserve_run_at' : 'replace',
      ],
      'run',
    );
  }
}
