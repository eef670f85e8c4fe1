// `pnpm db:migrate` — applies pending migrations to DATABASE_URL, or to the embedded database.
import { ConfigError, loadConfig, migrateDatabase } from '@clinicpay/infrastructure';
import { ensureDatabase, startEmbeddedPostgres } from '@clinicpay/infrastructure/dev';
import path from 'node:path';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const embedded = config.databaseUrl
  ? null
  : await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg'), port: config.embeddedPgPort });
try {
  let url = config.databaseUrl;
  if (embedded) {
    await ensureDatabase(embedded.adminUrl, 'clinicpay');
    url = embedded.databaseUrl('clinicpay');
  }
  const { applied } = await migrateDatabase(url!);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await embedded?.stop();
}
