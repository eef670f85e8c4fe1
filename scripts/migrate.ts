// `pnpm db:migrate` — applies pending migrations to DATABASE_URL, or to the embedded database.
import { migrateDatabase } from '@clinicpay/infrastructure';
import { withAppDatabase } from './app-database.ts';

await withAppDatabase(async (url) => {
  const { applied } = await migrateDatabase(url);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
});
