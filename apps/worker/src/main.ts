// Worker process entry point: `node src/main.ts`.
import {
  createContainer,
  createLogger,
  guardProcess,
  loadConfigOrExit,
  migrateDatabase,
  observeJobQueue,
  serveMetrics,
} from '@clinicpay/infrastructure';
import { startWorker } from './worker.ts';

const config = loadConfigOrExit();
if (!config.databaseUrl) {
  console.error(
    'Invalid configuration: DATABASE_URL is required to run the worker alone (`npm start` provides one)',
  );
  process.exit(1);
}
const logger = createLogger({ level: config.logLevel, base: { process: 'worker' } });
await migrateDatabase(config.databaseUrl);
const container = await createContainer({
  config,
  databaseUrl: config.databaseUrl,
  logger,
  poolMax: config.workerConcurrency + 4,
  processName: 'worker',
});
const runner = await startWorker(container, { concurrency: config.workerConcurrency });
logger.info('worker started');
// The queue as the database holds it (every worker reports the same figures), on the metrics port.
observeJobQueue(container.metrics, container.pool);
const metricsServer = config.metrics.workerPort
  ? await serveMetrics(container.metrics, config, config.metrics.workerPort, logger)
  : null;

let stopping = false;
async function shutdown(signal: string, code = 0) {
  if (stopping) return;
  stopping = true;
  logger.info('worker stopping', { signal });
  metricsServer?.close();
  // Order matters: the runner first (finishes in-flight jobs), then the pool it used.
  await runner.stop().catch(() => {});
  await container.close();
  process.exit(code);
}
guardProcess({ logger, onFatal: () => void shutdown('uncaughtException', 1) });
// graphile-worker rides out a database outage by itself; if its runner ends anyway, a process that
// stays up without working would go unnoticed: exit, and the start command restarts it.
runner.promise.then(
  () => {
    if (!stopping) logger.error('worker runner ended unexpectedly: stopping');
    void shutdown('runner-ended', 1);
  },
  (error: unknown) => {
    logger.error('worker runner failed: stopping', {
      error: error instanceof Error ? error.message : String(error),
    });
    void shutdown('runner-failed', 1);
  },
);
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
