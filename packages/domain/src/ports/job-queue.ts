export type EnqueueOptions = {
  /** Not before this instant (e.g. a link's expiry). */
  runAt?: Date;
  /** At most one pending job per key: re-enqueueing with the same key replaces it instead of duplicating. */
  jobKey?: string;
  maxAttempts?: number;
};

export interface JobQueue {
  enqueue(task: string, payload: object, opts?: EnqueueOptions): Promise<void>;
}
