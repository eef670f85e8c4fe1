// For one-off commands (migrate, generate demo data): the configured database — DATABASE_URL, or
// the embedded PostgreSQL the start command uses (started for the command, stopped after it).
import path from 'node:path';
import { loadConfigOrExit } from '@clinicpay/infrastructure';
import { ensureDatabase, startEmbeddedPostgres } from '@clinicpay/standins/dev';

export async function withAppDatabase<T>(work: (databaseUrl: string) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit();
  if (config.databaseUrl) return work(config.databaseUrl);
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(config.dataDir, 'pg'),
    port: config.embeddedPgPort,
  });
  try {
    await ensureDatabase(embedded.adminUrl, 'clinicpay');
    return await work(embedded.databaseUrl('clinicpay'));
  } finally {
    await embedded.stop();
  }
}
