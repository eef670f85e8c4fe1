// `pnpm bench:limits` — what the request budgets cost: a hot API route (GET /api/billing/links, an
// API key, 10 connections) and the patient redirect (GET /go/:code, 50 connections) against the
// production web process with limits off, with the counts in PostgreSQL (the default), and in Redis
// when one answers on REDIS_URL (default redis://127.0.0.1:6379). Budgets are set high enough that
// nothing is refused: every request is counted, none turned away.
import net from 'node:net';
import os from 'node:os';
import autocannon from 'autocannon';
import { createContainer, createLogger, loadConfig, migrateDatabase } from '@clinicpay/infrastructure';
import { seedDemoData, startStripeSandbox } from '@clinicpay/standins/dev';
import { buildWebIfStale } from '../scripts/build-web.ts';
import { BENCH_BUDGETS, benchDatabase, freePort, startWebServer } from './bench-db.ts';

const WEBHOOK_SECRET = 'whsec_bench_local';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const results: Array<[string, string, string]> = [];
const report = (name: string, value: string, goal: string) => {
  results.push([name, value, goal]);
  console.log(`  ${name}: ${value}   (goal ${goal})`);
};

/** True when something accepts connections at the Redis URL's host and port. */
function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

buildWebIfStale((m) => console.log(m));
const database = await benchDatabase('bench-limits');
const sandbox = await startStripeSandbox({ port: 0, webhookSecret: WEBHOOK_SECRET });
const redis = await reachable(REDIS_URL);
console.log(
  `\nClinicPay rate-limit benchmarks — ${os.cpus().length} cores, Node ${process.version}, ${database.label}${redis ? `, Redis at ${REDIS_URL}` : ', no Redis'}\n`,
);

try {
  await migrateDatabase(database.url);
  const container = await createContainer({
    config: loadConfig({ DATABASE_URL: database.url, DEMO_SEED: 'false', LOG_LEVEL: 'error' }),
    databaseUrl: database.url,
    logger: createLogger({ level: 'error' }),
    poolMax: 4,
  });
  const demo = await seedDemoData(container, undefined);
  await container.close();

  const modes: Array<[string, Record<string, string>]> = [
    ['limits off', { RATE_LIMITS: 'off' }],
    ['limits on, PostgreSQL', { RATE_LIMITS: 'on' }],
    ...(redis
      ? [['limits on, Redis', { RATE_LIMITS: 'on', REDIS_URL }] as [string, Record<string, string>]]
      : []),
  ];
  let code: string | null = null;
  for (const [mode, extra] of modes) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const web = await startWebServer(
      {
        DATABASE_URL: database.url,
        PUBLIC_BASE_URL: base,
        DEMO_SEED: 'false',
        LOG_LEVEL: 'warn',
        STRIPE_SANDBOX_URL: sandbox.url,
        STRIPE_SANDBOX_PUBLIC_URL: sandbox.publicUrl,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        ...BENCH_BUDGETS,
        ...extra,
      },
      port,
    );
    try {
      const auth = { authorization: `Bearer ${demo.apiKey}` };
      if (!code) {
        const res = await fetch(`${base}/api/billing/checkout-link`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ patientId: demo.patientIds[0], amount: '80.00', description: 'Visit' }),
        });
        if (res.status !== 201) throw new Error(`link creation answered ${res.status}`);
        code = ((await res.json()) as { shortUrl: string }).shortUrl.split('/').pop()!;
      }
      const api = { url: `${base}/api/billing/links?limit=10`, headers: auth };
      await autocannon({ ...api, connections: 10, duration: 2 }); // warm-up
      const hot = await autocannon({ ...api, connections: 10, duration: 10 });
      const limited = (await fetch(api.url, { headers: auth })).headers.get('ratelimit');
      if (hot.non2xx > 0 || hot.errors > 0)
        throw new Error(`${mode}: ${hot.non2xx} non-2xx answers, ${hot.errors} errors on the API route`);
      report(
        `GET /api/billing/links (${mode}) requests/s · p50 / p99`,
        `${Math.round(hot.requests.average)} · ${hot.latency.p50} ms / ${hot.latency.p99} ms${limited ? '' : extra.RATE_LIMITS === 'on' ? ' — NO RateLimit HEADER' : ''}`,
        mode === 'limits off' ? 'the baseline' : 'p99 within a few ms of the baseline',
      );

      const phone = {
        'user-agent':
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1',
      };
      const go = { url: `${base}/go/${code}`, headers: phone };
      await autocannon({ ...go, connections: 10, duration: 1 });
      const redirect = await autocannon({ ...go, connections: 50, duration: 5 });
      report(
        `GET /go/:code (${mode}) requests/s · p50 / p99`,
        `${Math.round(redirect.requests.average)} · ${redirect.latency.p50} ms / ${redirect.latency.p99} ms`,
        '≥ 5,000/s, p99 ≤ 20 ms (never limited)',
      );
    } finally {
      await web.stop();
    }
  }
} finally {
  await sandbox.stop();
  await database.stop();
}
console.log('\n| benchmark | result | goal |\n| --- | --- | --- |');
for (const [name, value, goal] of results) console.log(`| ${name} | ${value} | ${goal} |`);
