// The background worker: graphile-worker on the application's own connection pool.
import { Logger as GraphileLogger, run, parseCronItems, type Runner } from 'graphile-worker';
import type { Container } from '@clinicpay/infrastructure';
import { recordHeartbeat } from '@clinicpay/infrastructure';
import { heartbeatTask } from './tasks/heartbeat.ts';
import { expireLinksTask } from './tasks/expire-links.ts';
import { scanExpiringCardsTask } from './tasks/expiring-cards.ts';
import { processStripeEventTask } from './tasks/stripe-events.ts';
import { sendMessageTask } from './tasks/send-message.ts';
import { bulkCreateLinksTask } from './tasks/bulk.ts';

export async function startWorker(
  container: Container,
  options: { concurrency?: number } = {},
): Promise<Runner> {
  const pgPool = await container.orm.em.getConnection().getNativeClient();
  const logger = container.logger.child({ component: 'graphile-worker' });
  await recordHeartbeat(container.scope().em, container.clock.now(), { pid: process.pid, event: 'start' });
  return run({
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
      heartbeat: heartbeatTask(container),
      'process-stripe-event': processStripeEventTask(container),
      'expire-links': expireLinksTask(container),
      'scan-expiring-cards': scanExpiringCardsTask(container),
    },
    parsedCronItems: parseCronItems([
      { task: 'heartbeat', match: '* * * * *', identifier: 'heartbeat' },
      { task: 'expire-links', match: '* * * * *', identifier: 'expire-links' },
      { task: 'scan-expiring-cards', match: '0 14 * * *', identifier: 'scan-expiring-cards' },
    ]),
  });
}
