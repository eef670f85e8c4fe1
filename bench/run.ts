// `pnpm bench` — payments benchmarks on this machine, printed as a table. The web app and the worker
// run as their own processes (production build), the load generator (autocannon) in this one,
// against an embedded PostgreSQL (or DATABASE_URL) and the local Stripe sandbox.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import Stripe from 'stripe';
import { ConfigError, loadConfig, migrateDatabase, type ClickStats } from '@clinicpay/infrastructure';
import { createContainer, createLogger } from '@clinicpay/infrastructure';
import { seedDemoData, startStripeSandbox, submitCard, TEST_CARDS } from '@clinicpay/standins/dev';
import { BENCH_BUDGETS, benchDatabase, freePort, percentile } from './bench-db.ts';

import { buildWebIfStale } from '../scripts/build-web.ts';

const root = path.resolve(import.meta.dirname, '..');
const WEBHOOK_SECRET = 'whsec_bench_local';

const results: Array<[string, string, string]> = [];
let failed = false;

/** A process's resident memory now (VmRSS) or at its highest so far (VmHWM), in MiB; Linux only. */
function rssMb(pid: number, which: 'VmRSS' | 'VmHWM'): string {
  try {
    const kb = new RegExp(`${which}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? (Number(kb) / 1024).toFixed(0) : '?';
  } catch {
    return '?';
  }
}
const report = (name: string, value: string, goal: string) => {
  results.push([name, value, goal]);
  console.log(`  ${name}: ${value}   (goal ${goal})`);
};

try {
  loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

buildWebIfStale((m) => console.log(m));
const children: ChildProcess[] = [];
const database = await benchDatabase('bench');
const databaseUrl = database.url;

const webPort = await freePort();
const base = `http://127.0.0.1:${webPort}`;
const sandbox = await startStripeSandbox({
  port: 0,
  webhookSecret: WEBHOOK_SECRET,
  webhookUrl: `${base}/webhooks/stripe`,
});
const env = {
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: databaseUrl,
  PORT: String(webPort),
  PUBLIC_BASE_URL: base,
  STRIPE_SANDBOX_URL: sandbox.url,
  STRIPE_SANDBOX_PUBLIC_URL: sandbox.publicUrl,
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  DEMO_SEED: 'false',
  ...BENCH_BUDGETS,
};

try {
  await migrateDatabase(databaseUrl);
  const config = loadConfig({ ...env });
  const container = await createContainer({
    config,
    databaseUrl,
    logger: createLogger({ level: 'error' }),
    poolMax: 4,
  });
  const demo = await seedDemoData(container, undefined);
  await container.close();

  for (const [cwd, entry] of [
    ['apps/web', 'server.ts'],
    ['apps/worker', 'src/main.ts'],
  ] as const) {
    children.push(
      spawn(process.execPath, [entry], {
        cwd: path.join(root, cwd),
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
  }
  for (let i = 0; i < 200; i += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const api = (p: string, body: unknown) =>
    fetch(`${base}${p}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const linkBody = (i: number) => ({
    patientId: demo.patientIds[i % demo.patientIds.length],
    items: [
      { name: 'Consultation', price: '100.00', quantity: 1 },
      { name: 'Lab Work', price: '50.00', quantity: 1 },
    ],
  });

  console.log(
    `\nClinicPay payments benchmarks — ${os.cpus().length} cores, Node ${process.version}, ${database.label}\n`,
  );

  // 1. Link creation against the sandbox (sequential, as a clinic's staff would).
  for (let i = 0; i < 20; i += 1) await api('/api/billing/checkout-link', linkBody(i)); // warm-up
  const createTimes: number[] = [];
  let lastLink: { id: string; shortUrl: string } | null = null;
  for (let i = 0; i < 300; i += 1) {
    const t0 = performance.now();
    const res = await api('/api/billing/checkout-link', linkBody(i));
    createTimes.push(performance.now() - t0);
    if (res.status !== 201) throw new Error(`link creation answered ${res.status}`);
    lastLink = (await res.json()) as { id: string; shortUrl: string };
  }
  report('POST /api/billing/checkout-link p50', `${percentile(createTimes, 50).toFixed(1)} ms`, '—');
  report('POST /api/billing/checkout-link p95', `${percentile(createTimes, 95).toFixed(1)} ms`, '≤ 50 ms');

  // 2. GET /go/:code for an ACTIVE link with an open session, 50 connections, clicks recorded.
  const code = lastLink!.shortUrl.split('/').pop()!;
  const linkId = lastLink!.id;
  const phoneUa =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
  await autocannon({
    url: `${base}/go/${code}`,
    connections: 10,
    duration: 2,
    headers: { 'user-agent': phoneUa },
  });
  await new Promise((r) => setTimeout(r, 500));
  const before = Number(
    (await db.query('select count(*) from payment_link_clicks where link_id = $1', [linkId])).rows[0].count,
  );
  const rssBefore = rssMb(children[0]!.pid!, 'VmRSS');
  const go = await autocannon({
    url: `${base}/go/${code}`,
    connections: 50,
    // A fixed number of requests, so every answer is counted and can be matched to click rows.
    amount: 150_000,
    headers: { 'user-agent': phoneUa },
  });
  // The clicks are written off the redirect's path: the run is done when every redirect's click is
  // in the database. The lag is how long that took after the last answer.
  const loadEnded = performance.now();
  const answered = go['3xx'];
  let written = 0;
  for (;;) {
    written =
      Number(
        (await db.query('select count(*) from payment_link_clicks where link_id = $1', [linkId])).rows[0]
          .count,
      ) - before;
    if (written >= answered || performance.now() - loadEnded > 120_000) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const lagMs = performance.now() - loadEnded;
  const clicks = ((await (await fetch(`${base}/readyz`)).json()) as { clicks: ClickStats }).clicks;
  report('GET /go/:code requests/s (50 connections)', `${Math.round(go.requests.average)}`, '≥ 5,000');
  report('GET /go/:code latency p50 / p99', `${go.latency.p50} ms / ${go.latency.p99} ms`, 'p99 ≤ 20 ms');
  report(
    'GET /go/:code requests sent / redirects answered / click rows written',
    `${go.requests.sent} / ${answered} / ${written}${written < answered ? ' — CLICKS MISSING' : ''}`,
    'equal (no click lost)',
  );
  report(
    'click rows: lag after the load (last answer → last row written)',
    written < answered ? `not caught up after ${(lagMs / 1000).toFixed(0)} s` : `${lagMs.toFixed(0)} ms`,
    '≤ 2 s',
  );
  report('click buffer after the run: buffered / dropped', `${clicks.buffered} / ${clicks.dropped}`, '0 / 0');
  report(
    'web process RSS before the redirect load → peak so far',
    `${rssBefore} MiB → ${rssMb(children[0]!.pid!, 'VmHWM')} MiB`,
    'bounded (the click buffer holds ≤ 10,000)',
  );
  if (go.non2xx !== answered || go.errors > 0)
    report('GET /go/:code non-303 answers or errors', `${go.non2xx - answered} / ${go.errors}`, '0');
  if (written < answered) failed = true;

  // 3. Webhook intake: signed events, stored and enqueued, answered.
  const verifier = new Stripe('sk_test_bench');
  const intakeTimes: number[] = [];
  for (let i = 0; i < 500; i += 1) {
    const payload = JSON.stringify({
      id: `evt_bench_${i}_${Date.now()}`,
      object: 'event',
      type: 'checkout.session.expired',
      data: {
        object: { id: `cs_bench_${i}`, object: 'checkout.session', client_reference_id: null, metadata: {} },
      },
    });
    const header = verifier.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const t0 = performance.now();
    const res = await fetch(`${base}/webhooks/stripe`, {
      method: 'POST',
      body: payload,
      headers: { 'stripe-signature': header, 'content-type': 'application/json' },
    });
    await res.arrayBuffer();
    intakeTimes.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`webhook intake answered ${res.status}`);
  }
  report(
    'POST /webhooks/stripe intake p50 / p95',
    `${percentile(intakeTimes, 50).toFixed(1)} ms / ${percentile(intakeTimes, 95).toFixed(1)} ms`,
    'p95 ≤ 20 ms',
  );

  // 4. Payment → link COMPLETED: the sandbox sends checkout.session.completed the moment the card
  // is accepted; measured until the row says COMPLETED.
  await new Promise((r) => setTimeout(r, 2000)); // let the intake backlog drain
  const completion: number[] = [];
  for (let i = 0; i < 60; i += 1) {
    const res = await api('/api/billing/checkout-link', linkBody(i));
    const link = (await res.json()) as { id: string; fullUrl: string };
    const paid = await submitCard(link.fullUrl, TEST_CARDS.success);
    const t0 = performance.now();
    if (paid.status !== 303) throw new Error(`sandbox payment answered ${paid.status}`);
    for (;;) {
      const { rows } = await db.query('select status from payment_links where id = $1', [link.id]);
      if (rows[0]?.status === 'COMPLETED') break;
      if (performance.now() - t0 > 10_000) throw new Error('link not completed within 10 s');
      await new Promise((r) => setTimeout(r, 2));
    }
    completion.push(performance.now() - t0);
  }
  report(
    'payment accepted → link COMPLETED p50 / p99',
    `${percentile(completion, 50).toFixed(0)} ms / ${percentile(completion, 99).toFixed(0)} ms`,
    'p99 ≤ 1 s',
  );
  await db.end();
} finally {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
  );
  await sandbox.stop();
  await database.stop();
}
console.log('\n| benchmark | result | goal |\n| --- | --- | --- |');
for (const [name, value, goal] of results) console.log(`| ${name} | ${value} | ${goal} |`);
if (failed) {
  console.error('\nNot every redirect got its click row: the run is not a pass.');
  process.exitCode = 1;
}
