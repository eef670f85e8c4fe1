// The web process when PostgreSQL goes away and comes back (ARCHITECTURE.md decision 11): every kind
// of request answers 503 with Retry-After (patients and staff get a "try again in a minute" page, a
// Stripe webhook a 5xx so Stripe retries it), nothing leaks the cause, the process keeps serving, and
// everything answers normally again on its own once the database is back. A route that fails for
// any other reason ends in the same error mapping: a 500 without detail, never a dead process.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerBuild } from '@remix-run/node';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { createApp } from '../server/app.ts';

let c: TestContainer;
let demo: DemoCredentials;
let server: Server;
let base: string;
let cookie: string;
let shortCode: string;

const PHONE = {
  'user-agent':
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1',
};
// A request that never gets an answer must fail the test, not hang it.
const get = (p: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${p}`, { redirect: 'manual', headers, signal: AbortSignal.timeout(10_000) });

beforeAll(async () => {
  c = await createTestContainer({ now: new Date(), cuttableDatabase: true });
  demo = await seedDemoData(c, undefined);
  const build = (await import(path.resolve(import.meta.dirname, '../build/server/index.js'))) as ServerBuild;
  server = createApp(c, build).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signIn = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: demo.email, password: demo.password }),
  });
  cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  const created = await fetch(`${base}/api/billing/checkout-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ patientId: demo.patientIds[0], amount: '25.00' }),
  });
  shortCode = ((await created.json()) as { shortUrl: string }).shortUrl.split('/').pop()!;
});
afterAll(async () => {
  if (server) await new Promise((r) => server.close(r));
  await c.dropDatabase();
});

function signedWebhook(): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    id: `evt_outage_${Date.now()}`,
    object: 'event',
    type: 'checkout.session.expired',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: { id: 'cs_outage', object: 'checkout.session', client_reference_id: null, metadata: {} },
    },
  });
  const signature = new Stripe('sk_test_x').webhooks.generateTestHeaderString({
    payload: body,
    secret: c.config.stripe.webhookSecret,
  });
  return { body, headers: { 'stripe-signature': signature, 'content-type': 'application/json' } };
}

const postWebhook = (hook: { body: string; headers: Record<string, string> }) =>
  fetch(`${base}/webhooks/stripe`, {
    method: 'POST',
    body: hook.body,
    headers: hook.headers,
    signal: AbortSignal.timeout(10_000),
  });

const api = () => ({ authorization: `Bearer ${demo.apiKey}` });

/** The answer nobody may get during an outage: a 2xx, a bare 500, or any word about the cause. */
async function expectUnavailable(res: Response, kind: 'json' | 'page') {
  const text = await res.text();
  expect(res.status, text.slice(0, 200)).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(text).not.toMatch(/ECONN|127\.0\.0\.1|Driver|postgres|stack/i);
  if (kind === 'json') {
    expect(res.headers.get('content-type')).toContain('application/json');
  } else {
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(text).toContain('We can’t reach our system right now');
    expect(text).toContain('try again in a minute');
    expect(text).not.toContain('Something went wrong');
  }
  return text;
}

describe('PostgreSQL down', () => {
  it('answers 503 with Retry-After everywhere, keeps serving, and recovers by itself', async () => {
    const hook = signedWebhook();
    await c.databaseProxy!.cut();
    try {
      // Stripe retries a webhook that got a 5xx; a 2xx here would lose the event.
      const webhook = await postWebhook(hook);
      expect(JSON.parse(await expectUnavailable(webhook, 'json'))).toEqual({
        error: {
          code: 'UNAVAILABLE',
          message: 'The service is temporarily unavailable; try again shortly',
          fieldErrors: [],
        },
      });
      expect(JSON.parse(await expectUnavailable(await get('/api/patients', api()), 'json')).error.code).toBe(
        'UNAVAILABLE',
      );
      const create = await fetch(`${base}/api/billing/checkout-link`, {
        method: 'POST',
        headers: { ...api(), 'content-type': 'application/json' },
        body: JSON.stringify({ patientId: demo.patientIds[0], amount: '25.00' }),
        signal: AbortSignal.timeout(10_000),
      });
      await expectUnavailable(create, 'json');
      const trpc = await get('/api/trpc/organization.providers', api());
      expect(JSON.parse(await expectUnavailable(trpc, 'json')).error.data.appCode).toBe('UNAVAILABLE');
      // The patient's link, the page Stripe returns them to, and a signed-in dashboard.
      await expectUnavailable(await get(`/go/${shortCode}`, PHONE), 'page');
      await expectUnavailable(await get(`/go/${shortCode}/done`, PHONE), 'page');
      await expectUnavailable(await get('/dashboard', { cookie }), 'page');
      // Signing in is an action that needs the database.
      const signIn = await fetch(`${base}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: demo.email, password: demo.password }),
        signal: AbortSignal.timeout(10_000),
      });
      await expectUnavailable(signIn, 'page');
      const ready = await get('/readyz');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not_ready', database: 'unreachable' });
      expect((await get('/healthz')).status).toBe(200);
    } finally {
      await c.databaseProxy!.restore();
    }

    // Back within a moment, in the same process: no restart, no operator.
    const restored = Date.now();
    let status = 0;
    while (status !== 200 && Date.now() - restored < 10_000) {
      status = (await get('/api/patients', api())).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(200);
    expect(Date.now() - restored).toBeLessThan(2_000);
    // Stripe's retry of the refused event is stored now.
    const retried = await postWebhook(hook);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual({ received: true, duplicate: false });
    expect((await get(`/go/${shortCode}`, PHONE)).status).toBe(303);
    expect((await get(`/go/${shortCode}/done`, PHONE)).status).toBe(200);
    expect((await get('/dashboard', { cookie })).status).toBe(200);
    expect((await get('/api/trpc/organization.providers', api())).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
    // Every connection the outage broke went back to the pool: one kept is a pool slot lost for
    // good (and a shutdown that waits for ever). Only the LISTEN connection stays checked out.
    expect(c.pool.totalCount - c.pool.idleCount).toBeLessThanOrEqual(1);
  });
});

describe('a route that fails unexpectedly', () => {
  it('answers 500 from the one error mapping, with no detail, and the process keeps serving', async () => {
    const readiness = c.readiness;
    c.readiness = () => Promise.reject(new Error('internal detail: relation "x" does not exist'));
    try {
      const res = await get('/readyz');
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({
        error: { code: 'INTERNAL', message: 'Internal error', fieldErrors: [] },
      });
      expect(res.headers.get('retry-after')).toBeNull();
    } finally {
      c.readiness = readiness;
    }
    expect((await get('/readyz')).status).toBe(200);
    expect((await get('/api/patients', api())).status).toBe(200);
  });
});
