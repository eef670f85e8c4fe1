export type EnqueueOptions = {
  /** Not before this instant (e.g. a link's expiry). */
  runAt?: Date;
  /** At most one pending job per key: re-enqueueing with the same key replaces it instead of duplicating. */
  jobKey?: string;
  maxAttempts?: number;
  /**
   * Batch jobs (array payloads): a job still waiting under the same key takes the new items into its
   * payload and keeps its run time, so items enqueued close together run as one job.
   */
  appendToBatch?: boolean;
};

export interface JobQueue {
  enqueue(task: string, payload: object, opts?: EnqueueOptions): Promise<void>;
}
