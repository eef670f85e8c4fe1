// `npm start` — the whole system in one command: PostgreSQL (embedded unless DATABASE_URL is set),
// migrations, the demo seed, the web app and the worker. It supervises what it started: a process
// that dies is logged and restarted with backoff while the rest keeps serving (scripts/supervise.ts),
// the embedded PostgreSQL included. Ctrl-C or SIGTERM stops everything, database last, and exits 0
// once all stopped cleanly ("stopped" is the last line); any other exit code means something failed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContainer, createLogger, loadConfigOrExit, migrateDatabase } from '@clinicpay/infrastructure';
import {
  ensureDatabase,
  seedDemoData,
  startEmbeddedPostgres,
  startStripeSandbox,
  type DemoCredentials,
  type EmbeddedPostgres,
  type StripeSandbox,
} from '@clinicpay/standins/dev';

import { buildWebIfStale } from './build-web.ts';
import { generateDemoData } from './generate-demo-data.ts';
import { childRun, supervise, type Running, type Supervised } from './supervise.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const say = (message: string) => console.log(`[start] ${message}`);

const config = loadConfigOrExit();
const dataDir = path.resolve(root, config.dataDir);
await mkdir(dataDir, { recursive: true });

const children: Supervised[] = [];
let database: Supervised | null = null;
let sandbox: StripeSandbox | null = null;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => {});
  stopping = true;
  say('stopping…');
  // Web and worker first (they finish their requests and jobs, flush, close their pools), the
  // database last.
  const clean = (await Promise.all(children.map((child) => child.stop()))).every(Boolean);
  if (sandbox) await sandbox.stop();
  const databaseClean = database ? await database.stop() : true;
  if (!clean || !databaseClean) {
    say('stopped (a process had to be killed)');
    process.exit(code || 1);
  }
  say('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/** The embedded PostgreSQL as a supervised run: restarted like the others if it dies. */
function embeddedRun(pg: EmbeddedPostgres): Running {
  return {
    pid: pg.pid,
    exited: pg.exited,
    stop: () => pg.stop(),
    kill: () => process.kill(pg.pid, 'SIGKILL'),
  };
}

try {
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const startDatabase = () =>
      startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port: config.embeddedPgPort, log: say });
    const embedded = await startDatabase();
    // If PostgreSQL dies, web and worker answer 503 and retry; it comes back on the same data.
    database = await supervise({
      name: 'PostgreSQL',
      running: embeddedRun(embedded),
      start: async () => embeddedRun(await startDatabase()),
      log: say,
      // Its own clean stop escalates to an immediate shutdown after 20 s.
      stopTimeoutMs: 30_000,
    });
    await ensureDatabase(embedded.adminUrl, 'clinicpay');
    databaseUrl = embedded.databaseUrl('clinicpay');
  } else {
    say('using DATABASE_URL (no embedded PostgreSQL)');
  }
  if (stopping) await new Promise(() => {});

  const { applied } = await migrateDatabase(databaseUrl);
  say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'migrations: up to date');

  const credentialsFile = path.join(dataDir, 'demo-credentials.json');
  let credentials: DemoCredentials | undefined;
  if (config.demoSeed) {
    const previous = existsSync(credentialsFile)
      ? (JSON.parse(await readFile(credentialsFile, 'utf8')) as DemoCredentials)
      : undefined;
    const logger = createLogger({ level: 'warn' });
    const container = await createContainer({ config, databaseUrl, logger, poolMax: 2 });
    try {
      credentials = await seedDemoData(container, previous);
      // Three months of history for the first clinic, once, so the analytics have something to show.
      const history = await container.pool.query(
        `select 1 from payment_links where organization_id = $1 and metadata->>'source' = 'generate-demo' limit 1`,
        [credentials.organizationId],
      );
      if (history.rowCount === 0) {
        await generateDemoData(container.pool, {
          organizationId: credentials.organizationId,
          links: 500,
          clicks: 4000,
          days: 90,
          seed: 2026,
          vacuum: false,
        });
        say('demo history: 500 links of the last 90 days for Riverside Family Clinic');
      }
    } finally {
      await container.close();
    }
    await writeFile(credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  }

  buildWebIfStale(say);

  const stripe = config.stripe;
  if (stripe.mode === 'sandbox') {
    sandbox = await startStripeSandbox({
      port: stripe.port,
      publicUrl: stripe.publicUrl,
      webhookUrl: `http://127.0.0.1:${config.port}/webhooks/stripe`,
      webhookSecret: stripe.webhookSecret,
      stateFile: path.join(dataDir, 'stripe-sandbox.json'),
      log: (m) => say(`stripe sandbox: ${m}`),
    });
    console.log('');
    console.log('  ┌──────────────────────────────────────────────────────────────────────────┐');
    console.log('  │ STRIPE SANDBOX: no STRIPE_SECRET_KEY is set, so payments are simulated   │');
    console.log(`  │ by a local Stripe stand-in at ${sandbox.publicUrl.padEnd(43)}│`);
    console.log('  │ Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined.   │');
    console.log('  │ No real money moves. Set STRIPE_SECRET_KEY to use Stripe.                │');
    console.log('  └──────────────────────────────────────────────────────────────────────────┘');
  } else {
    say(
      `using Stripe (${stripe.secretKey.startsWith('sk_live_') ? 'LIVE' : 'test'} mode); the sandbox does not run`,
    );
  }

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PUBLIC_BASE_URL: config.publicBaseUrl,
    PORT: String(config.port),
    // The worker's metrics beside the web port (docs/operations.md); the web's are on /metrics.
    WORKER_METRICS_PORT:
      process.env.WORKER_METRICS_PORT ?? (config.port < 65535 ? String(config.port + 1) : ''),
  };
  for (const [name, cwd, entry] of [
    ['web', 'apps/web', 'server.ts'],
    ['worker', 'apps/worker', 'src/main.ts'],
  ] as const) {
    children.push(
      await supervise({
        name,
        start: async () => {
          const run = childRun(
            spawn(process.execPath, [entry], { cwd: path.join(root, cwd), env, stdio: 'inherit' }),
          );
          say(`${name} started (pid ${run.pid})`);
          return run;
        },
        log: say,
      }),
    );
  }

  await waitForHealth(`http://127.0.0.1:${config.port}/healthz`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log('');
  console.log(`  ClinicPay is running at ${config.publicBaseUrl}  (ready in ${seconds} s)`);
  if (credentials) {
    console.log(`  Admin login:      ${credentials.email} / ${credentials.password}`);
    console.log(
      `  Provider login:   ${credentials.providerLogin.email} / ${credentials.providerLogin.password}`,
    );
    console.log(`  API key:          ${credentials.apiKey}`);
    console.log(
      `  Other clinic:     ${credentials.otherOrganization.email} / ${credentials.otherOrganization.password}`,
    );
    console.log(`  (all of this is in ${path.relative(root, credentialsFile)})`);
  }
  if (env.WORKER_METRICS_PORT)
    console.log(
      `  Metrics:          ${config.publicBaseUrl}/metrics (web), http://${config.host}:${env.WORKER_METRICS_PORT}/metrics (worker)`,
    );
  console.log('  Press Ctrl-C to stop.');
  console.log('');
} catch (error) {
  console.error(`[start] failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (stopping) await new Promise(() => {});
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the web app did not answer ${url} within 60 s`);
}
