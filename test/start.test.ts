// The README's start command, end to end: database, migrations, seed, web and worker come up; the
// demo credentials are written; Ctrl-C leaves no process behind; a second start reuses the data
// and adds no duplicates; a malformed variable stops start-up with one line naming it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  submitCard,
  TEST_CARDS,
  type TestDatabase,
} from '@clinicpay/infrastructure/testing';

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

function startSystem(env: Record<string, string>): Run {
  const child = spawn(node, ['scripts/start.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env } as NodeJS.ProcessEnv,
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

async function patientCount(baseUrl: string, apiKey: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/patients?limit=1`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

describe('the start command', () => {
  it('comes up, stops cleanly on Ctrl-C, and restarts on the same data without duplicates', async () => {
    const first = startSystem(env);
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
    const created = await fetch(`${baseUrl}/api/billing/checkout-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${creds.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ patientId: creds.patientIds[0], amount: '42.50' }),
    });
    expect(created.status).toBe(201);
    const link = (await created.json()) as { id: string; fullUrl: string };
    expect((await submitCard(link.fullUrl, TEST_CARDS.success)).status).toBe(303);
    const deadline = Date.now() + 30_000;
    let status = '';
    while (Date.now() < deadline && status !== 'COMPLETED') {
      const res = await fetch(`${baseUrl}/api/billing/links/${link.id}`, {
        headers: { authorization: `Bearer ${creds.apiKey}` },
      });
      status = ((await res.json()) as { status: string }).status;
      if (status !== 'COMPLETED') await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe('COMPLETED');

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
    let outbox = '';
    for (
      let i = 0;
      i < 100 && !(outbox.includes('jordan.rivera@example.com') && outbox.includes('+12025550111'));
      i += 1
    ) {
      await new Promise((r) => setTimeout(r, 200));
      outbox = await (await fetch(`${baseUrl}/dev/outbox`)).text();
    }
    expect(outbox).toContain('jordan.rivera@example.com');
    expect(outbox).toContain('+12025550111');

    process.kill(-first.child.pid!, 'SIGINT');
    expect(await first.exited).toBe(0);
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
