// The background worker: graphile-worker on the application's own connection pool.
import { Logger as GraphileLogger, run, parseCronItems, type Runner } from 'graphile-worker';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { PAYMENT_EVENT_JOB } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';
import { recordHeartbeat, registerWorkerProcess } from '@clinicpay/infrastructure';
import { heartbeatTask } from './tasks/heartbeat.ts';
import { expireLinksTask } from './tasks/expire-links.ts';
import { scanExpiringCardsTask } from './tasks/expiring-cards.ts';
import { processStripeEventTask } from './tasks/stripe-events.ts';
import { sendMessageTask } from './tasks/send-message.ts';
import { bulkCreateLinksTask } from './tasks/bulk.ts';
import { staffEmailTask } from './tasks/staff-email.ts';
import { pruneClickDataTask } from './tasks/prune-click-data.ts';
import {
  scheduleStripeReconcile,
  STRIPE_RECONCILE_JOB,
  stripeReconcileTask,
} from './tasks/stripe-reconcile.ts';

/** The recurring jobs (graphile-worker's cron: each runs once per matching minute, across workers). */
const SCHEDULES = [
  { task: 'heartbeat', match: '* * * * *', identifier: 'heartbeat' },
  { task: 'expire-links', match: '* * * * *', identifier: 'expire-links' },
  { task: 'scan-expiring-cards', match: '0 14 * * *', identifier: 'scan-expiring-cards' },
  { task: 'prune-click-data', match: '17 * * * *', identifier: 'prune-click-data' },
];

export async function startWorker(
  container: Container,
  /** `schedules: false` starts without the cron items (a test that must decide when each job runs). */
  options: { concurrency?: number; schedules?: boolean } = {},
): Promise<Runner> {
  const pgPool = await container.orm.em.getConnection().getNativeClient();
  const logger = container.logger.child({ component: 'graphile-worker' });
  await recordHeartbeat(container.scope().em, container.clock.now(), { pid: process.pid, event: 'start' });
  const registration = await registerWorkerProcess(pgPool, `worker-${process.pid}-${randomUUID()}`, (error) =>
    logger.warn('worker registry', { error: error.message }),
  );
  const events = new EventEmitter();
  // Jobs are locked by the pool's id (and, without a local queue, by each worker's).
  events.on('pool:create', ({ workerPool }: { workerPool: { id: string } }) =>
    registration.addWorkerId(workerPool.id),
  );
  events.on('worker:create', ({ worker }: { worker: { workerId: string } }) =>
    registration.addWorkerId(worker.workerId),
  );
  const runner = await run({
    events,
    pgPool,
    concurrency: options.concurrency ?? 5,
    noHandleSignals: true,
    pollInterval: 1_000,
    logger: new GraphileLogger((scope) => (level, message) => {
      const fields = { task: scope.taskIdentifier, jobId: scope.jobId };
      if (level === 'error') logger.error(message, fields);
      else if (level === 'warning') logger.warn(message, fields);
      else if (level === 'info') logger.debug(message, fields);
    }),
    taskList: {
      'send-message': sendMessageTask(container),
      'bulk-create-links': bulkCreateLinksTask(container),
      'notify-staff-email': staffEmailTask(container),
      heartbeat: heartbeatTask(container),
      [PAYMENT_EVENT_JOB.stripe]: processStripeEventTask(container),
      'expire-links': expireLinksTask(container),
      'scan-expiring-cards': scanExpiringCardsTask(container),
      'prune-click-data': pruneClickDataTask(container),
      [STRIPE_RECONCILE_JOB]: stripeReconcileTask(container),
    },
    parsedCronItems: parseCronItems(options.schedules === false ? [] : SCHEDULES),
  });
  // The catch-up on start: a run now (events missed while no worker ran), then every interval.
  await scheduleStripeReconcile(runner.addJob, { since: null }, 0);
  // Stopping the runner also ends this process's registration (its jobs were released cleanly).
  const stop = runner.stop.bind(runner);
  runner.stop = async () => {
    await stop();
    await registration.stop();
  };
  return runner;
}
