// The README's start command, end to end: database, migrations, seed, web and worker come up; the
// demo credentials are written; a process that dies (worker, web, the embedded PostgreSQL) comes
// back by itself while the rest keeps serving; Ctrl-C leaves no process behind and exits 0 with
// "stopped" last; a second start reuses the data and adds no duplicates; a malformed variable stops
// start-up with one line naming it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, submitCard, TEST_CARDS, type TestDatabase } from '@clinicpay/standins/testing';

const root = path.resolve(import.meta.dirname, '..');
const node = path.join(root, 'node_modules/.bin/node');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** `node scripts/start.ts`, or the README's `npm start` (npm → bootstrap → the same script). */
function startSystem(env: Record<string, string>, via: 'node' | 'npm' = 'node'): Run {
  const [command, args] = via === 'npm' ? ['npm', ['start']] : [node, ['scripts/start.ts']];
  const child = spawn(command, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      npm_config_update_notifier: 'false',
      ...env,
    } as NodeJS.ProcessEnv,
    // Its own process group, so the test can send Ctrl-C the way a terminal does: to the group.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(run: Run, text: string, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes(text)) {
    if (Date.now() > deadline || run.child.exitCode !== null) {
      throw new Error(`did not see "${text}"; output:\n${run.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function processesMentioning(fragment: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p: string) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(fragment)) found.push(`${pid}: ${cmd}`);
    } catch {
      // gone
    }
  }
  return found;
}

let dataDir: string;
let db: TestDatabase | null = null;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'clinicpay-start-'));
  await chmod(dataDir, 0o755);
  env = {
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    STRIPE_SANDBOX_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  if (process.env.DATABASE_URL) {
    db = await createTestDatabase();
    env.DATABASE_URL = db.url;
  }
});
afterAll(async () => {
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const pidsOf = (run: Run, name: string) =>
  [...run.output().matchAll(new RegExp(`\\[start\\] ${name} started \\(pid (\\d+)\\)`, 'g'))].map((m) =>
    Number(m[1]),
  );

async function waitForPids(run: Run, name: string, count: number): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  while (pidsOf(run, name).length < count) {
    if (Date.now() > deadline) throw new Error(`${name} did not start again; output:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return pidsOf(run, name);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Creates a link, pays it on the sandbox's page, and waits for the worker to mark it paid. */
async function payAndWait(baseUrl: string, apiKey: string, patientId: string): Promise<string> {
  const created = await fetch(`${baseUrl}/api/billing/checkout-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ patientId, amount: '42.50' }),
  });
  expect(created.status).toBe(201);
  const link = (await created.json()) as { id: string; fullUrl: string };
  expect((await submitCard(link.fullUrl, TEST_CARDS.success)).status).toBe(303);
  const deadline = Date.now() + 30_000;
  let status = '';
  while (Date.now() < deadline && status !== 'COMPLETED') {
    const res = await fetch(`${baseUrl}/api/billing/links/${link.id}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    status = ((await res.json()) as { status: string }).status;
    if (status !== 'COMPLETED') await new Promise((r) => setTimeout(r, 250));
  }
  return status;
}

async function patientCount(baseUrl: string, apiKey: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/patients?limit=1`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

describe('the start command', () => {
  it('comes up, brings back a process that dies, stops on Ctrl-C with exit 0, restarts on the same data', async () => {
    const first = startSystem(env, 'npm');
    await waitFor(first, 'Press Ctrl-C to stop.');
    const credentialsFile = path.join(dataDir, 'demo-credentials.json');
    const creds = JSON.parse(readFileSync(credentialsFile, 'utf8'));
    expect(Object.keys(creds)).toEqual(
      expect.arrayContaining([
        'url',
        'email',
        'password',
        'apiKey',
        'organizationId',
        'patientIds',
        'otherOrganization',
      ]),
    );
    expect(creds.patientIds).toHaveLength(12);
    expect(Object.keys(creds.otherOrganization).sort()).toEqual([
      'apiKey',
      'email',
      'organizationId',
      'password',
      'patientIds',
    ]);
    expect(first.output()).toContain(creds.email);
    const baseUrl = `http://127.0.0.1:${env.PORT}`;
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
    // The 12 demo patients and the 100 behind three months of generated history.
    expect(await patientCount(baseUrl, creds.apiKey)).toBe(112);
    expect(first.output()).toContain('STRIPE SANDBOX');
    const analytics = await fetch(`${baseUrl}/api/billing/analytics`, {
      headers: { authorization: `Bearer ${creds.apiKey}` },
    });
    const figures = (await analytics.json()) as { totalLinksCreated: number; averageConversionRate: number };
    expect(figures.totalLinksCreated).toBeGreaterThan(50);
    expect(figures.averageConversionRate).toBeGreaterThan(0);

    // The demo can be paid end to end: a link, the sandbox page, the webhook, the worker.
    expect(await payAndWait(baseUrl, creds.apiKey, creds.patientIds[0])).toBe('COMPLETED');

    // "Send via email and SMS" really happens: both messages reach the dev outbox (an SMS due in
    // quiet hours is listed with the time it will go).
    const sent = await fetch(`${baseUrl}/api/billing/checkout-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${creds.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ patientId: creds.patientIds[0], amount: 150, sendVia: ['email', 'sms'] }),
    });
    expect(((await sent.json()) as { sentTo: unknown }).sentTo).toEqual({
      email: 'jordan.rivera@example.com',
      phone: '+12025550111',
    });
    // The outbox is for the clinic's signed-in staff (the demo admin here).
    const signedIn = await fetch(`${baseUrl}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: creds.email, password: creds.password }),
    });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    let outbox = '';
    for (
      let i = 0;
      i < 100 && !(outbox.includes('jordan.rivera@example.com') && outbox.includes('+12025550111'));
      i += 1
    ) {
      await new Promise((r) => setTimeout(r, 200));
      outbox = await (await fetch(`${baseUrl}/dev/outbox`, { headers: { cookie } })).text();
    }
    expect(outbox).toContain('jordan.rivera@example.com');
    expect(outbox).toContain('+12025550111');

    // A dead worker: the supervisor restarts it; links are created while it is down and after, and
    // the new worker processes payments.
    const createLink = () =>
      fetch(`${baseUrl}/api/billing/checkout-link`, {
        method: 'POST',
        headers: { authorization: `Bearer ${creds.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ patientId: creds.patientIds[1], amount: '10.00' }),
      });
    const [worker] = pidsOf(first, 'worker');
    process.kill(worker!, 'SIGKILL');
    for (let i = 0; i < 5; i += 1) expect((await createLink()).status).toBe(201);
    const [, newWorker] = await waitForPids(first, 'worker', 2);
    expect(first.output()).toContain('[start] worker exited unexpectedly (SIGKILL); restarting in 0.5 s');
    expect(alive(newWorker!)).toBe(true);
    expect(await payAndWait(baseUrl, creds.apiKey, creds.patientIds[1])).toBe('COMPLETED');

    // A dead web process comes back on the same port; the worker was never touched.
    const [web] = pidsOf(first, 'web');
    process.kill(web!, 'SIGKILL');
    const [, newWeb] = await waitForPids(first, 'web', 2);
    let health = 0;
    for (let i = 0; i < 300 && health !== 200; i += 1) {
      health = await fetch(`${baseUrl}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
      if (health !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health).toBe(200);
    expect((await createLink()).status).toBe(201);
    expect(alive(newWorker!)).toBe(true);

    if (!process.env.DATABASE_URL) {
      // The embedded PostgreSQL dies: the web process answers 503 (never a 500, never a dead
      // process) until the supervisor has it back, then 200 — on the same data.
      const postmaster = Number(
        readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
      );
      process.kill(postmaster, 'SIGKILL');
      const seen = new Set<number>();
      let status = 0;
      const deadline = Date.now() + 60_000;
      while (status !== 200 && Date.now() < deadline) {
        const res = await fetch(`${baseUrl}/api/patients?limit=1`, {
          headers: { authorization: `Bearer ${creds.apiKey}` },
        });
        status = res.status;
        seen.add(status);
        if (status === 503) expect(res.headers.get('retry-after')).toBe('5');
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      expect([...seen].filter((s) => s !== 200 && s !== 503)).toEqual([]);
      expect(first.output()).toContain('[start] PostgreSQL exited unexpectedly (SIGKILL)');
      expect(await patientCount(baseUrl, creds.apiKey)).toBe(112);
      expect(alive(newWeb!)).toBe(true);
      expect(pidsOf(first, 'web')).toHaveLength(2);
    }

    // Ctrl-C through npm and the bootstrap: everything stops, the exit code is 0 (no
    // "[ELIFECYCLE] Command failed"), and "stopped" is the last word.
    process.kill(-first.child.pid!, 'SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output().trim().split('\n').at(-1)).toBe('[start] stopped');
    expect(first.output()).not.toContain('ELIFECYCLE');
    expect(processesMentioning(dataDir)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = startSystem(env);
    await waitFor(second, 'Press Ctrl-C to stop.');
    expect(second.output()).toContain('migrations: up to date');
    const again = JSON.parse(readFileSync(credentialsFile, 'utf8'));
    expect(again.apiKey).toBe(creds.apiKey);
    expect(await patientCount(baseUrl, again.apiKey)).toBe(112);
    expect(await patientCount(baseUrl, again.otherOrganization.apiKey)).toBe(3);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output().trim().split('\n').at(-1)).toBe('[start] stopped');
    expect(processesMentioning(dataDir)).toEqual([]);
  }, 300_000);

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'mysql://example' }],
    ['PORT', { PORT: 'eighty' }],
  ])('stops with one line naming a malformed %s', async (variable, bad) => {
    const run = startSystem({ ...env, ...bad });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
  });
});
