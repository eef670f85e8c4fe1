// The web process stopped mid-load, as the start command stops it (SIGTERM): it lets the requests
// under way finish, flushes the click buffer and only then closes its pool — every redirect a
// patient got has its click in the database, and the process exits 0.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer, createLogger, loadConfig } from '@clinicpay/infrastructure';
import { seedDemoData, startStripeSandbox, type StripeSandbox } from '@clinicpay/standins/dev';
import { createTestDatabase, type TestDatabase } from '@clinicpay/standins/testing';

const webDir = path.resolve(import.meta.dirname, '..');
const node = path.resolve(webDir, '../../node_modules/.bin/node');
const SECRET = 'whsec_shutdown_test';
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';

let db: TestDatabase;
let sandbox: StripeSandbox;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startStripeSandbox({ port: 0, webhookSecret: SECRET });
});
afterAll(async () => {
  await sandbox?.stop();
  await db?.drop();
});

describe('stopping the web process under load', () => {
  it('answers what it accepted, writes every click of every redirect, and exits 0', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      PORT: String(port),
      PUBLIC_BASE_URL: base,
      STRIPE_SANDBOX_URL: sandbox.url,
      STRIPE_SANDBOX_PUBLIC_URL: sandbox.publicUrl,
      STRIPE_WEBHOOK_SECRET: SECRET,
      DEMO_SEED: 'false',
    };
    const seeder = await createContainer({
      config: loadConfig(env),
      databaseUrl: db.url,
      logger: createLogger({ level: 'error' }),
      poolMax: 2,
    });
    const demo = await seedDemoData(seeder, undefined);
    await seeder.close();

    const web = spawn(node, ['server.ts'], {
      cwd: webDir,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    web.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => web.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 300; i += 1) {
      const up = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const created = await fetch(`${base}/api/billing/checkout-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ patientId: demo.patientIds[0], amount: '20.00' }),
    });
    expect(created.status).toBe(201);
    const link = (await created.json()) as { id: string; shortUrl: string };
    const go = `${base}/go/${link.shortUrl.split('/').pop()}`;

    // 20 patients clicking as fast as they can; SIGTERM in the middle of it.
    let redirects = 0;
    let running = true;
    const clickers = Array.from({ length: 20 }, async () => {
      while (running) {
        try {
          const res = await fetch(go, { redirect: 'manual', headers: { 'user-agent': PHONE } });
          await res.arrayBuffer();
          if (res.status === 303) redirects += 1;
          else throw new Error(`unexpected ${res.status}`);
        } catch (error) {
          if (!running || (error as Error).message.startsWith('unexpected')) throw error;
          return; // the server went away: this patient stops clicking
        }
      }
    });
    while (redirects < 300) await new Promise((r) => setTimeout(r, 10));
    web.kill('SIGTERM');
    expect(await exited).toBe(0);
    running = false;
    await Promise.all(clickers);
    expect(stderr).toBe('');

    const check = new pg.Client({ connectionString: db.url });
    await check.connect();
    try {
      const { rows } = await check.query<{ raw: number; counted: number }>(
        `select (select count(*)::int from payment_link_clicks where link_id = $1) as raw, click_count as counted
           from payment_links where id = $1`,
        [link.id],
      );
      expect(redirects).toBeGreaterThan(300);
      expect(rows[0]).toEqual({ raw: redirects, counted: redirects });
    } finally {
      await check.end();
    }
  }, 60_000);
});
