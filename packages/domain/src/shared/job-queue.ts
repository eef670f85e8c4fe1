export type EnqueueOptions = {
  /** Not before this instant (e.g. a link's expiry). */
  runAt?: Date;
  /** At most one pending job per key: re-enqueueing with the same key replaces it instead of duplicating. */
  jobKey?: string;
  maxAttempts?: number;
  /**
   * Batch jobs (array payloads): items enqueued under the same batch key within the same second of the
   * database's clock share one job, which runs two seconds after that second. The second is read
   * when the item is enqueued, so an item is never added to a job that may already be running
   * (graphile-worker would then take that running job's retries away, and a crash would strand its
   * items). Ignores `jobKey` and `runAt`.
   */
  batchKey?: string;
};

export interface JobQueue {
  enqueue(task: string, payload: object, opts?: EnqueueOptions): Promise<void>;
}
