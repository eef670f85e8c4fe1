// Web process entry point: `node server.ts` (Node 24 runs the TypeScript directly).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import {
  createContainer,
  createLogger,
  guardProcess,
  loadConfigOrExit,
  migrateDatabase,
} from '@clinicpay/infrastructure';
import { createApp } from './server/app.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
process.chdir(here);

const config = loadConfigOrExit();
const logger = createLogger({ level: config.logLevel, base: { process: 'web' } });
if (!config.databaseUrl) {
  console.error(
    'Invalid configuration: DATABASE_URL is required to run the web process alone (`npm start` provides one)',
  );
  process.exit(1);
}

await migrateDatabase(config.databaseUrl);
const container = await createContainer({ config, databaseUrl: config.databaseUrl, logger });
const build = (await import(path.join(here, 'build/server/index.js'))) as ServerBuild;
const server = createApp(container, build).listen(config.port, config.host, () => {
  logger.info('web listening', { url: config.publicBaseUrl, port: config.port });
});
server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `PORT ${config.port} is already in use: set PORT to a free port`
      : `web server failed: ${error.message}`,
  );
  process.exit(1);
});

let stopping = false;
async function shutdown(signal: string, code = 0) {
  if (stopping) return;
  stopping = true;
  logger.info('web stopping', { signal });
  // No new connections; requests under way finish (and record their clicks) before the click
  // buffer is flushed and the pool closed. Keep-alive connections that linger are cut after 3 s.
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 3_000).unref();
  await drained;
  await container.close();
  logger.info('web stopped', { signal, clicks: container.clicks.stats() });
  process.exit(code);
}
guardProcess({ logger, onFatal: () => void shutdown('uncaughtException', 1) });
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
