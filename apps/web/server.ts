// Web process entry point: `node server.ts` (Node 24 runs the TypeScript directly).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { createContainer, createLogger, loadConfigOrExit, migrateDatabase } from '@clinicpay/infrastructure';
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
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('web stopping', { signal });
  server.close();
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 3_000).unref();
  await container.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
