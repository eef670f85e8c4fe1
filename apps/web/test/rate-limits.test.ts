// Rate limits and IP allowlists over HTTP (issue #18): a key over its budget gets 429 with the IETF
// draft's headers and gets through again in the next window; two web processes share one count;
// X-Forwarded-For counts only through a trusted proxy; allowlists for API keys and the dashboard
// (IPv4 and IPv6, no locking yourself out, the operator lifts a lockout); signed webhooks are
// never throttled.
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ServerBuild } from '@remix-run/node';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '@clinicpay/domain';
import { createTestContainer } from '@clinicpay/standins/testing';
import { createApp } from '../server/app.ts';
import { requestFrom } from './http.ts';
import { demoApiKeyId, serveDemo, type Served } from './serve.ts';

const request = requestFrom;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function createLink(s: Served, from?: string, apiKey = s.demo.apiKey) {
  return request(s.base, {
    method: 'POST',
    path: '/api/billing/checkout-link',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ patientId: s.demo.patientIds[0], amount: 25, description: 'Copay' }),
    ...(from ? { from } : {}),
  });
}

const listLinks = (s: Served, from?: string) =>
  request(s.base, {
    path: '/api/billing/links?limit=1',
    headers: { authorization: `Bearer ${s.demo.apiKey}` },
    ...(from ? { from } : {}),
  });

/** A tRPC call as the signed-in demo admin (same origin, as the dashboard makes them). */
function trpc(s: Served, procedure: string, input: unknown, options: { from?: string; xff?: string } = {}) {
  return request(s.base, {
    method: 'POST',
    path: `/api/trpc/${procedure}`,
    headers: {
      cookie: s.adminCookie,
      origin: s.base,
      'content-type': 'application/json',
      ...(options.xff ? { 'x-forwarded-for': options.xff } : {}),
    },
    body: JSON.stringify(input),
    ...(options.from ? { from: options.from } : {}),
  });
}

/** The platform operator (SUPER_ADMIN, no clinic of their own), signed in: their session cookie. */
async function signInOperator(s: Served, from?: string): Promise<string> {
  const operator = User.create({
    id: s.c.ids.uuid(),
    organizationId: null,
    email: 'ops@platform.example',
    name: 'Platform Ops',
    role: 'SUPER_ADMIN',
    passwordHash: await s.c.passwords.hash('platform ops secret'),
    now: s.c.clock.now(),
  });
  await s.c.scope().users.save(operator);
  const signIn = await request(s.base, {
    method: 'POST',
    path: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'ops@platform.example', password: 'platform ops secret' }).toString(),
    ...(from ? { from } : {}),
  });
  return String(signIn.headers['set-cookie']?.[0]).split(';')[0]!;
}

async function webBuild(): Promise<ServerBuild> {
  return (await import(path.resolve(import.meta.dirname, '../build/server/index.js'))) as ServerBuild;
}

describe('request budgets', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveDemo({
      config: {
        RATE_LIMIT_WINDOW_SECONDS: '3',
        RATE_LIMIT_WRITES: '3',
        RATE_LIMIT_READS: '50',
        RATE_LIMIT_EXPORTS: '2',
        RATE_LIMIT_ANONYMOUS: '4',
      },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a key over its create budget gets 429 with the draft headers, then 201 in the next window', async () => {
    // Start at the top of a fresh window, so that the three creates fall in one.
    const first = await createLink(s);
    expect(first.status).toBe(201);
    const reset = Number(/t=(\d+)/.exec(String(first.headers['ratelimit']))?.[1]);
    await sleep(reset * 1000 + 50);

    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await createLink(s));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429]);
    expect(answers[0]!.headers['ratelimit-policy']).toBe('"writes";q=3;w=3');
    expect(answers[0]!.headers['ratelimit']).toMatch(/^"writes";r=2;t=[0-3]$/);
    const refused = answers[3]!;
    expect(refused.headers['ratelimit']).toMatch(/^"writes";r=0;t=[0-3]$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3);
    const body = JSON.parse(refused.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.message).toMatch(/at most 3 per 3 s for this API key; try again in \d s/);
    // Reads have their own budget: listing still works while creating is refused.
    expect((await listLinks(s)).status).toBe(200);

    await sleep(Number(refused.headers['retry-after']) * 1000 + 50);
    expect((await createLink(s)).status).toBe(201);
  });

  it('a signed-in person has a budget of their own, and tRPC answers 429 with the same headers', async () => {
    const update = () => trpc(s, 'organization.update', { name: 'Riverside Family Clinic' });
    const first = await update();
    expect(first.status).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('"writes";q=3;w=3');
    const reset = Number(/t=(\d+)/.exec(String(first.headers['ratelimit']))?.[1]);
    await sleep(reset * 1000 + 50);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await update());
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    const refused = answers[3]!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.headers['ratelimit']).toMatch(/^"writes";r=0;t=[0-3]$/);
    const error = (JSON.parse(refused.body) as { error: { message: string; data: { appCode: string } } })
      .error;
    expect(error.data.appCode).toBe('RATE_LIMITED');
    expect(error.message).toMatch(/at most 3 per 3 s for you; try again in \d s/);
    // The API key's budget is another one: it still creates.
    expect((await createLink(s)).status).toBe(201);
  });

  it('exports have their own, smaller budget', async () => {
    const exportCsv = () =>
      request(s.base, {
        path: '/api/billing/exports/links.csv',
        headers: { authorization: `Bearer ${s.demo.apiKey}` },
      });
    const first = await exportCsv();
    const reset = Number(/t=(\d+)/.exec(String(first.headers['ratelimit']))?.[1]);
    await sleep(reset * 1000 + 50);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await exportCsv()).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(first.headers['ratelimit-policy']).toBe('"exports";q=2;w=3');
  });

  it('two web processes share one budget: the sum over both stays within the limit', async () => {
    const second = await createTestContainer({
      joinDatabaseUrl: s.c.databaseUrl,
      config: { RATE_LIMIT_WINDOW_SECONDS: '3', RATE_LIMIT_WRITES: '3' },
    });
    const server: Server = createApp(second, await webBuild()).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const other: Served = { ...s, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    try {
      const first = await createLink(s);
      const reset = Number(/t=(\d+)/.exec(String(first.headers['ratelimit']))?.[1]);
      await sleep(reset * 1000 + 50);
      // Ten creates at once, half through each process.
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => createLink(i % 2 === 0 ? s : other)),
      );
      const created = answers.filter((a) => a.status === 201).length;
      expect(created).toBe(3);
      expect(answers.filter((a) => a.status === 429)).toHaveLength(7);
    } finally {
      await new Promise((r) => server.close(r));
      await second.dropDatabase();
    }
  });

  it('the platform operator sets a clinic its own budget', async () => {
    const cookie = await signInOperator(s);
    const set = await request(s.base, {
      method: 'POST',
      path: '/api/trpc/platform.setRateLimits',
      headers: { cookie, origin: s.base, 'content-type': 'application/json' },
      body: JSON.stringify({ organizationId: s.demo.organizationId, reads: 2 }),
    });
    expect(set.status).toBe(200);
    // The clinic's admin may not set budgets.
    const byAdmin = await trpc(s, 'platform.setRateLimits', {
      organizationId: s.demo.organizationId,
      reads: 9,
    });
    expect(byAdmin.status).toBe(403);

    const first = await listLinks(s);
    expect(first.headers['ratelimit-policy']).toBe('"reads";q=2;w=3');
    const reset = Number(/t=(\d+)/.exec(String(first.headers['ratelimit']))?.[1]);
    await sleep(reset * 1000 + 50);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await listLinks(s)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const back = await request(s.base, {
      method: 'POST',
      path: '/api/trpc/platform.setRateLimits',
      headers: { cookie, origin: s.base, 'content-type': 'application/json' },
      body: JSON.stringify({ organizationId: s.demo.organizationId, reads: null }),
    });
    expect(back.status).toBe(200);
  });

  it('X-Forwarded-For is ignored without a trusted proxy: one address, one budget', async () => {
    const anonymous = (xff: string) =>
      request(s.base, { path: '/api/billing/links', headers: { 'x-forwarded-for': xff } });
    const first = await anonymous('198.51.100.1');
    const reset = Number(/t=(\d+)/.exec(String(first.headers['ratelimit']))?.[1]);
    await sleep(reset * 1000 + 50);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await anonymous(`198.51.100.${i + 10}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('a burst of 1,000 signed Stripe webhooks is never throttled', async () => {
    const stripe = new Stripe('sk_test_x');
    const hook = (i: number) => {
      const body = JSON.stringify({
        id: `evt_burst_${i}`,
        object: 'event',
        type: 'customer.updated',
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: `cus_burst_${i}`, object: 'customer' } },
      });
      const signature = stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: s.c.config.stripe.webhookSecret,
      });
      return request(s.base, {
        method: 'POST',
        path: '/webhooks/stripe',
        headers: { 'stripe-signature': signature, 'content-type': 'application/json' },
        body,
      });
    };
    const statuses: number[] = [];
    for (let batch = 0; batch < 50; batch++)
      statuses.push(
        ...(await Promise.all(Array.from({ length: 20 }, (_, j) => hook(batch * 20 + j)))).map(
          (a) => a.status,
        ),
      );
    expect(statuses).toHaveLength(1000);
    expect(statuses.filter((st) => st === 429)).toHaveLength(0);
    expect(statuses.every((st) => st === 200)).toBe(true);
  }, 120_000);
});

describe('X-Forwarded-For through a trusted proxy', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveDemo({
      config: { TRUST_PROXY: 'loopback', RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_ANONYMOUS: '2' },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('counts each client the proxy names, and allowlists see that client', async () => {
    const anonymous = (xff: string) =>
      request(s.base, { path: '/api/billing/links', headers: { 'x-forwarded-for': xff } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await anonymous(`198.51.100.${i + 10}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    // One client behind the proxy still has one budget.
    const same = [];
    for (let i = 0; i < 3; i++) same.push((await anonymous('203.0.113.9')).status);
    expect(same).toEqual([401, 401, 429]);

    // An IPv6 range: the admin (behind the proxy, at 2001:db8:5::7) limits the dashboard to it.
    const saved = await trpc(
      s,
      'access.setDashboardAllowlist',
      { ranges: ['2001:db8:5::/48'] },
      { xff: '2001:db8:5::7' },
    );
    expect(saved.status).toBe(200);
    expect(JSON.parse(saved.body)).toMatchObject({ result: { data: { dashboard: ['2001:db8:5::/48'] } } });
    const inside = await trpc(
      s,
      'organization.update',
      { name: 'Riverside Family Clinic' },
      { xff: '2001:db8:5:ff::1' },
    );
    expect(inside.status).toBe(200);
    const outside = await trpc(s, 'organization.update', { name: 'Elsewhere' }, { xff: '2001:db8:6::1' });
    expect(outside.status).toBe(403);
    expect(JSON.parse(outside.body).error.message).toContain('you are connecting from 2001:db8:6::1');
  });
});

describe('IP allowlists', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveDemo();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('an allowlisted key from another address gets 403; from its own, 200', async () => {
    const keyId = await demoApiKeyId(s);
    const saved = await trpc(s, 'access.setApiKeyAllowlist', { apiKeyId: keyId, ranges: ['127.0.0.2'] });
    expect(saved.status).toBe(200);
    expect(JSON.parse(saved.body).result.data.ranges).toEqual(['127.0.0.2/32']);

    const elsewhere = await listLinks(s, '127.0.0.1');
    expect(elsewhere.status).toBe(403);
    const error = (JSON.parse(elsewhere.body) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe(
      'This API key may only be used from its allowed addresses; this request came from 127.0.0.1',
    );
    expect((await listLinks(s, '127.0.0.2')).status).toBe(200);
    expect((await createLink(s, '127.0.0.2')).status).toBe(201);
    // The dashboard is not restricted by a key's list.
    expect((await trpc(s, 'organization.update', { name: 'Riverside Family Clinic' })).status).toBe(200);

    const lifted = await trpc(s, 'access.setApiKeyAllowlist', { apiKeyId: keyId, ranges: [] });
    expect(lifted.status).toBe(200);
  });

  it('refuses a dashboard list that would lock the admin out, and names bad entries', async () => {
    const lockout = await trpc(s, 'access.setDashboardAllowlist', { ranges: ['10.0.0.0/8'] });
    expect(lockout.status).toBe(422);
    const error = JSON.parse(lockout.body).error;
    expect(error.data.fieldErrors).toEqual([
      {
        field: 'ranges',
        message:
          'must include the address you are connecting from (127.0.0.1), or you would lock yourself out',
      },
    ]);
    const bad = await trpc(s, 'access.setDashboardAllowlist', {
      ranges: ['127.0.0.1', '10.0.0.300/8', 'fe80::/200'],
    });
    expect(bad.status).toBe(422);
    expect(JSON.parse(bad.body).error.data.fieldErrors.map((e: { field: string }) => e.field)).toEqual([
      'ranges[1]',
      'ranges[2]',
    ]);
    const access = JSON.parse(
      (
        await request(s.base, {
          path: '/api/trpc/access.get',
          headers: { cookie: s.adminCookie },
        })
      ).body,
    ).result.data;
    expect(access.dashboard).toEqual([]);
  });

  it('staff from outside the list are refused; the operator lifts a lockout, audited', async () => {
    const saved = await trpc(s, 'access.setDashboardAllowlist', { ranges: ['127.0.0.1', '192.0.2.0/24'] });
    expect(saved.status).toBe(200);
    expect(JSON.parse(saved.body).result.data.dashboard).toEqual(['127.0.0.1/32', '192.0.2.0/24']);
    // The same admin from another address: the dashboard says why, and tRPC refuses.
    const page = await request(s.base, {
      path: '/dashboard',
      headers: { cookie: s.adminCookie },
      from: '127.0.0.3',
    });
    expect(page.status).toBe(403);
    expect(page.body).toContain('you are connecting from 127.0.0.3');
    const call = await trpc(s, 'organization.update', { name: 'x' }, { from: '127.0.0.3' });
    expect(call.status).toBe(403);
    // From inside, all is well.
    const ok = await request(s.base, { path: '/dashboard', headers: { cookie: s.adminCookie } });
    expect(ok.status).toBe(200);

    const cookie = await signInOperator(s, '127.0.0.3');
    const lift = await request(s.base, {
      method: 'POST',
      path: '/api/trpc/platform.liftIpRestrictions',
      headers: { cookie, origin: s.base, 'content-type': 'application/json' },
      body: JSON.stringify({ organizationId: s.demo.organizationId }),
      from: '127.0.0.3',
    });
    expect(lift.status).toBe(200);
    expect(JSON.parse(lift.body).result.data.lifted).toEqual(['dashboard']);
    const again = await request(s.base, {
      path: '/dashboard',
      headers: { cookie: s.adminCookie },
      from: '127.0.0.3',
    });
    expect(again.status).toBe(200);
    const audit = await s.c
      .scope()
      .em.execute<Array<{ action: string }>>(
        `select action from audit_log where organization_id = ? and action like 'organization.ip%' order by action`,
        [s.demo.organizationId],
      );
    expect(audit.map((a) => a.action)).toEqual([
      'organization.ip_allowlist_update',
      'organization.ip_restrictions_lift',
    ]);
  });
});

describe('IPv6 clients', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveDemo({ host: '::1' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a key allowlisted to an IPv6 range is used over IPv6; an IPv4 list does not let it in', async () => {
    const keyId = await demoApiKeyId(s);
    const ipv4Only = await trpc(s, 'access.setApiKeyAllowlist', { apiKeyId: keyId, ranges: ['127.0.0.0/8'] });
    expect(ipv4Only.status).toBe(200);
    const refused = await listLinks(s);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error.message).toContain('this request came from ::1');

    expect(
      (await trpc(s, 'access.setApiKeyAllowlist', { apiKeyId: keyId, ranges: ['::1/128'] })).status,
    ).toBe(200);
    expect((await listLinks(s)).status).toBe(200);
    // The admin's own address, seen over IPv6, is what the self-lockout check compares.
    const lockout = await trpc(s, 'access.setDashboardAllowlist', { ranges: ['2001:db8::/32'] });
    expect(lockout.status).toBe(422);
    expect(JSON.parse(lockout.body).error.data.fieldErrors[0].message).toContain('(::1)');
  });
});
