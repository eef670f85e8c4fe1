// The web process over real HTTP: health checks, the REST API with API keys across tenants, and
// staff sign-in to the dashboard shell through the built Remix app.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerBuild } from '@remix-run/node';
import { recordHeartbeat } from '@clinicpay/infrastructure';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { createApp } from '../server/app.ts';

const webDir = path.resolve(import.meta.dirname, '..');
let c: TestContainer;
let demo: DemoCredentials;
let server: Server;
let base: string;

async function loadBuild(): Promise<ServerBuild> {
  // The global setup builds the app when its sources changed.
  return (await import(path.join(webDir, 'build/server/index.js'))) as ServerBuild;
}

beforeAll(async () => {
  c = await createTestContainer({ now: new Date() });
  demo = await seedDemoData(c, undefined);
  const build = await loadBuild();
  server = createApp(c, build).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  if (server) await new Promise((r) => server.close(r));
  await c.dropDatabase();
});

const api = (p: string, init: RequestInit & { key?: string } = {}) =>
  fetch(`${base}${p}`, {
    ...init,
    headers: {
      ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  });

describe('health', () => {
  it('answers /healthz and reports readiness with the worker heartbeat', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const before = await (await fetch(`${base}/readyz`)).json();
    expect(before).toMatchObject({
      status: 'ready',
      database: 'ok',
      migrations: 'applied',
      worker: { status: 'never_seen' },
      // This process's click buffer: nothing waiting, nothing lost.
      clicks: { buffered: 0, waiting: 0, dropped: 0 },
    });
    await recordHeartbeat(c.scope().em, c.clock.now(), {});
    const after = await (await fetch(`${base}/readyz`)).json();
    expect(after.worker.status).toBe('ok');
  });
});

describe('REST API', () => {
  const [ownPatient] = [() => demo.patientIds[0]!];

  it('requires a valid API key', async () => {
    expect((await api('/api/patients')).status).toBe(401);
    expect(
      (await api('/api/patients', { key: 'cpk_aaaaaaaaaa_notarealkeynotarealkeynotarealkey12' })).status,
    ).toBe(401);
    expect((await api('/api/patients', { key: 'garbage' })).status).toBe(401);
  });

  it('serves the caller’s own patient and 404s another organization’s, read and write', async () => {
    const own = await api(`/api/patients/${ownPatient()}`, { key: demo.apiKey });
    expect(own.status).toBe(200);
    expect((await own.json()).name).toBe('Jordan Rivera');
    for (const id of demo.otherOrganization.patientIds) {
      expect((await api(`/api/patients/${id}`, { key: demo.apiKey })).status).toBe(404);
      const write = await api(`/api/patients/${id}`, {
        key: demo.apiKey,
        method: 'PATCH',
        body: JSON.stringify({ name: 'X' }),
      });
      expect(write.status).toBe(404);
    }
    expect((await api('/api/patients/not-a-uuid', { key: demo.apiKey })).status).toBe(404);
  });

  it('names the field and the problem for bad input, and never 500s on a broken body', async () => {
    const bad = await api(`/api/patients/${ownPatient()}`, {
      key: demo.apiKey,
      method: 'PATCH',
      body: JSON.stringify({ phone: '555-1234', preferredChannel: 'fax' }),
    });
    expect(bad.status).toBe(422);
    const body = await bad.json();
    expect(body.error.fieldErrors.map((f: { field: string }) => f.field)).toContain('preferredChannel');
    const broken = await api(`/api/patients/${ownPatient()}`, {
      key: demo.apiKey,
      method: 'PATCH',
      body: '{"name":',
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.fieldErrors[0].field).toBe('body');
    const phone = await api(`/api/patients/${ownPatient()}`, {
      key: demo.apiKey,
      method: 'PATCH',
      body: JSON.stringify({ phone: '555-1234' }),
    });
    expect(phone.status).toBe(422);
    expect((await phone.json()).error.fieldErrors).toEqual([
      { field: 'phone', message: 'Not a valid phone number, e.g. +12025550123 or (202) 555-0123' },
    ]);
    const national = await api(`/api/patients/${ownPatient()}`, {
      key: demo.apiKey,
      method: 'PATCH',
      body: JSON.stringify({ phone: '(415) 867-5309' }),
    });
    expect(national.status).toBe(200);
    expect((await national.json()).phone).toBe('+14158675309');
  });
});

describe('staff sign-in', () => {
  const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${base}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields),
    });

  it('shows the sign-in page, and sends anonymous visitors of the dashboard there', async () => {
    const page = await fetch(`${base}/sign-in`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<label for="email"');
    expect(html).toContain('<label for="password"');
    const dash = await fetch(`${base}/dashboard/patients`, { redirect: 'manual' });
    expect(dash.status).toBe(302);
    expect(dash.headers.get('location')).toBe('/sign-in?next=%2Fdashboard%2Fpatients');
  });

  it('refuses a wrong password with the generic message', async () => {
    const res = await form({ email: demo.email, password: 'wrong' });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Invalid email or password');
  });

  it('signs in with the demo login, reaches the dashboard shell, and signs out', async () => {
    const res = await form({ email: demo.email, password: demo.password, next: '/dashboard' });
    expect(res.status).toBe(302);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^cp_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const cookie = setCookie.split(';')[0]!;

    const dash = await fetch(`${base}/dashboard`, { headers: { cookie } });
    expect(dash.status).toBe(200);
    const html = await dash.text();
    expect(html).toContain('Riverside Family Clinic');
    expect(html).toContain('Alex Morgan');

    const patients = await fetch(`${base}/dashboard/patients?q=priya`, { headers: { cookie } });
    expect(await patients.text()).toContain('Priya Patel');

    const out = await fetch(`${base}/sign-out`, { method: 'POST', redirect: 'manual', headers: { cookie } });
    expect(out.status).toBe(302);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const after = await fetch(`${base}/dashboard`, { redirect: 'manual', headers: { cookie } });
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toContain('expired=1');
  });

  it('refuses cross-origin form posts and tRPC mutations', async () => {
    const res = await form(
      { email: demo.email, password: demo.password },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    const trpc = await fetch(`${base}/api/trpc/apiKeys.create`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(trpc.status).toBe(403);
  });
});

describe('payment events that need attention', () => {
  const signInAs = async (email: string, password: string) => {
    const res = await fetch(`${base}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }),
    });
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  };

  it('an admin sees the clinic’s failed Stripe events over REST and on the settings page; nobody else does', async () => {
    await c.transaction(async (scope) => {
      await scope.em.execute(
        `insert into webhook_events (provider, event_id, organization_id, type, payload, status, attempts, last_error, received_at, processed_at)
         values ('stripe', 'evt_http_failed', ?, 'checkout.session.completed', '{}'::jsonb, 'failed', 1,
                 'payment intent pi_x is already recorded for another link', now(), now())`,
        [demo.organizationId],
      );
    });
    const admin = await signInAs(demo.email, demo.password);
    const rest = await api('/api/webhook-events', { headers: { cookie: admin } });
    expect(rest.status).toBe(200);
    expect((await rest.json()).items).toEqual([
      expect.objectContaining({ eventId: 'evt_http_failed', state: 'failed', attempts: 1 }),
    ]);
    const settings = await (await fetch(`${base}/dashboard/settings`, { headers: { cookie: admin } })).text();
    expect(settings).toContain('Payment events that need attention');
    expect(settings).toContain('already recorded for another link');

    expect((await api('/api/webhook-events', { key: demo.apiKey })).status).toBe(403);
    expect((await api('/api/webhook-events/unassigned', { headers: { cookie: admin } })).status).toBe(403);
    expect((await api('/api/webhook-events?limit=abc', { headers: { cookie: admin } })).status).toBe(422);
    const lakeside = await signInAs(demo.otherOrganization.email, demo.otherOrganization.password);
    const other = await api('/api/webhook-events', { headers: { cookie: lakeside } });
    expect((await other.json()).items).toEqual([]);
    const otherSettings = await fetch(`${base}/dashboard/settings`, { headers: { cookie: lakeside } });
    expect(await otherSettings.text()).toContain('every event from Stripe was applied');
  });
});
