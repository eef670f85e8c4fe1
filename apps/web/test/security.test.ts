// What an attacker tries from outside, over real HTTP against the built app: the dev outbox (who may
// see it, and whose messages), where sign-in sends a browser afterwards, a production server with a
// messaging channel left unconfigured, and the security headers of every kind of page.
import { readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerBuild } from '@remix-run/node';
import { sendMessage } from '@clinicpay/domain';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { createApp } from '../server/app.ts';

type Running = { c: TestContainer; demo: DemoCredentials; server: Server; base: string };

const buildDir = path.resolve(import.meta.dirname, '../build');
const loadBuild = async () => (await import(path.join(buildDir, 'server/index.js'))) as ServerBuild;

async function listen(app: ReturnType<typeof createApp>): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function start(config: Record<string, string> = {}): Promise<Running> {
  // 11:00 in New York, 10:00 in Chicago: no text waits for the end of quiet hours.
  const c = await createTestContainer({ now: new Date('2026-03-16T15:00:00Z'), config });
  const demo = await seedDemoData(c, undefined);
  return { c, demo, ...(await listen(createApp(c, await loadBuild()))) };
}

async function stop(r: Running | undefined) {
  if (!r) return;
  await new Promise((done) => r.server.close(done));
  await r.c.dropDatabase();
}

let dev: Running;
beforeAll(async () => {
  dev = await start();
});
afterAll(async () => {
  await stop(dev);
});

function signInForm(r: Running, fields: Record<string, string>) {
  return fetch(`${r.base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

async function sessionCookie(r: Running, email: string, password: string): Promise<string> {
  const res = await signInForm(r, { email, password });
  expect(res.status).toBe(302);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** A link sent to a patient, and its messages handed to the (capture) providers as the worker does. */
async function sendLink(r: Running, apiKey: string, patientId: string, channels: Array<'email' | 'sms'>) {
  const res = await fetch(`${r.base}/api/billing/checkout-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ patientId, amount: 20, sendVia: channels }),
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const rows = await r.c
    .scope()
    .em.execute<Array<{ id: string }>>(`select id from messages where link_id = ? order by created_at`, [id]);
  for (const row of rows) await sendMessage(row.id, r.c.messagingDeps());
  return id;
}

describe('/dev/outbox', () => {
  it('is only for signed-in staff, and shows each clinic only its own messages', async () => {
    // Riverside's Jordan Rivera by text and email; Lakeside's Chris Novak by text and email.
    await sendLink(dev, dev.demo.apiKey, dev.demo.patientIds[0]!, ['email', 'sms']);
    await sendLink(dev, dev.demo.otherOrganization.apiKey, dev.demo.otherOrganization.patientIds[0]!, [
      'email',
      'sms',
    ]);

    // Nobody signed in (and an API key is not a staff member): off to sign in, nothing shown.
    const anonymousHeaders: Array<Record<string, string>> = [
      {},
      { authorization: `Bearer ${dev.demo.apiKey}` },
    ];
    for (const headers of anonymousHeaders) {
      const anonymous = await fetch(`${dev.base}/dev/outbox`, { redirect: 'manual', headers });
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get('location')).toBe('/sign-in?next=%2Fdev%2Foutbox');
      const body = await anonymous.text();
      expect(body).not.toContain('example.com');
      expect(body).not.toContain('+1');
    }

    const riverside = await sessionCookie(dev, dev.demo.email, dev.demo.password);
    const own = await fetch(`${dev.base}/dev/outbox`, { headers: { cookie: riverside } });
    expect(own.status).toBe(200);
    const ownHtml = await own.text();
    expect(ownHtml).toContain('jordan.rivera@example.com');
    expect(ownHtml).toContain('+12025550111');
    expect(ownHtml).not.toContain('chris.novak@example.com');
    expect(ownHtml).not.toContain('+13125550111');

    const lakeside = await sessionCookie(
      dev,
      dev.demo.otherOrganization.email,
      dev.demo.otherOrganization.password,
    );
    const other = await (await fetch(`${dev.base}/dev/outbox`, { headers: { cookie: lakeside } })).text();
    expect(other).toContain('chris.novak@example.com');
    expect(other).toContain('+13125550111');
    expect(other).not.toContain('jordan.rivera@example.com');
    expect(other).not.toContain('+12025550111');
  });

  it('lists only the clinic’s own messages waiting for quiet hours', async () => {
    // 03:00 in New York and 02:00 in Chicago: texts wait for the morning.
    dev.c.clock.set(new Date('2026-03-17T07:00:00Z'));
    try {
      await sendLink(dev, dev.demo.apiKey, dev.demo.patientIds[0]!, ['sms']);
      await sendLink(dev, dev.demo.otherOrganization.apiKey, dev.demo.otherOrganization.patientIds[2]!, [
        'sms',
      ]);
    } finally {
      dev.c.clock.set(new Date('2026-03-16T15:00:00Z'));
    }
    const riverside = await sessionCookie(dev, dev.demo.email, dev.demo.password);
    const html = await (await fetch(`${dev.base}/dev/outbox`, { headers: { cookie: riverside } })).text();
    const waiting = html.slice(html.indexOf('Waiting to be sent'), html.indexOf('</section>'));
    expect(waiting).toContain('+12025550111');
    expect(waiting).not.toContain('+13125550113');
  });
});

describe('after sign-in', () => {
  // Known open-redirect bypasses (safe-next.test.ts has the long list); browsers turn each into a
  // visit to evil.example.
  const HOSTILE = [
    '/\\evil.example',
    '/\t/evil.example',
    '/\r\n/evil.example',
    '/.//evil.example',
    '//evil.example',
    '\\\\evil.example',
    'https://evil.example',
    'javascript:alert(1)',
  ];

  it('lands on our own pages only, whatever next= says', async () => {
    for (const next of HOSTILE) {
      const res = await signInForm(dev, { email: dev.demo.email, password: dev.demo.password, next });
      expect(res.status, next).toBe(302);
      expect(res.headers.get('location'), next).toBe('/dashboard');
    }
    const cookie = await sessionCookie(dev, dev.demo.email, dev.demo.password);
    for (const next of HOSTILE) {
      // Signed in already: the sign-in page sends the browser on at once.
      const res = await fetch(`${dev.base}/sign-in?${new URLSearchParams({ next })}`, {
        redirect: 'manual',
        headers: { cookie },
      });
      expect(res.headers.get('location'), next).toBe('/dashboard');
    }
    // The raw query string of the issue: %09 decodes to a tab.
    const tab = await fetch(`${dev.base}/sign-in?next=/%09/evil.example`, {
      redirect: 'manual',
      headers: { cookie },
    });
    expect(tab.headers.get('location')).toBe('/dashboard');
    const own = await signInForm(dev, {
      email: dev.demo.email,
      password: dev.demo.password,
      next: '/dashboard/links?status=PAID',
    });
    expect(own.headers.get('location')).toBe('/dashboard/links?status=PAID');
  });
});

describe('production', () => {
  let prod: Running | undefined;
  beforeAll(async () => {
    prod = await start({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await stop(prod);
  });

  it('has no dev outbox, even for signed-in staff', async () => {
    const cookie = await sessionCookie(prod!, prod!.demo.email, prod!.demo.password);
    expect((await fetch(`${prod!.base}/dev/outbox`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${prod!.base}/dev/outbox`)).status).toBe(404);
  });

  it('never pretends to send on a channel with no provider: the message is refused with the reason', async () => {
    const linkId = await sendLink(prod!, prod!.demo.apiKey, prod!.demo.patientIds[0]!, ['sms']);
    const messages = await prod!.c
      .scope()
      .em.execute<Array<{ channel: string; status: string; refused_reason: string | null }>>(
        `select channel, status, refused_reason from messages where link_id = ? order by created_at`,
        [linkId],
      );
    expect(messages[0]).toEqual({
      channel: 'sms',
      status: 'refused',
      refused_reason: 'text messages are not set up on this server (no SMS provider is configured)',
    });
    // Nothing was captured anywhere for a page to show.
    const captured = await prod!.c.scope().em.execute(`select id from captured_messages`);
    expect(captured).toEqual([]);
  });
});

describe('security headers', () => {
  type Page = { kind: string; path: string; init?: RequestInit; html: boolean; patient?: boolean };
  let pages: Page[] = [];
  let cookie = '';
  const key = () => ({ authorization: `Bearer ${dev.demo.apiKey}` });

  beforeAll(async () => {
    cookie = await sessionCookie(dev, dev.demo.email, dev.demo.password);
    const res = await fetch(`${dev.base}/api/billing/checkout-link`, {
      method: 'POST',
      headers: { ...key(), 'content-type': 'application/json' },
      body: JSON.stringify({ patientId: dev.demo.patientIds[0], amount: 20 }),
    });
    const link = (await res.json()) as { id: string; shortUrl: string };
    const code = link.shortUrl.split('/').pop()!;
    const cancelled = (await (
      await fetch(`${dev.base}/api/billing/checkout-link`, {
        method: 'POST',
        headers: { ...key(), 'content-type': 'application/json' },
        body: JSON.stringify({ patientId: dev.demo.patientIds[1], amount: 30 }),
      })
    ).json()) as { id: string; shortUrl: string };
    await fetch(`${dev.base}/api/billing/links/${cancelled.id}/cancel`, {
      method: 'POST',
      headers: { ...key(), 'content-type': 'application/json' },
      body: '{}',
    });
    const phone = { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1' };
    pages = [
      { kind: 'dashboard page', path: '/dashboard', init: { headers: { cookie } }, html: true },
      { kind: 'dashboard list', path: '/dashboard/links', init: { headers: { cookie } }, html: true },
      { kind: 'dashboard data', path: '/dashboard/links.data', init: { headers: { cookie } }, html: false },
      { kind: 'dev outbox', path: '/dev/outbox', init: { headers: { cookie } }, html: true },
      { kind: 'sign-in', path: '/sign-in', html: true },
      {
        kind: 'patient page (cancelled)',
        path: `/go/${cancelled.shortUrl.split('/').pop()}`,
        init: { headers: phone },
        html: true,
        patient: true,
      },
      { kind: 'patient redirect', path: `/go/${code}`, init: { headers: phone }, html: false, patient: true },
      {
        kind: 'patient thank-you',
        path: `/go/${code}/done`,
        init: { headers: phone },
        html: true,
        patient: true,
      },
      {
        kind: 'patient unknown code',
        path: '/go/zzzzzzzzzzzzzzz',
        init: { headers: phone },
        html: true,
        patient: true,
      },
      { kind: 'REST answer', path: `/api/billing/links/${link.id}`, init: { headers: key() }, html: false },
      { kind: 'tRPC answer', path: '/api/trpc/auth.me', init: { headers: { cookie } }, html: false },
      { kind: 'CSV export', path: '/api/billing/exports/links.csv', init: { headers: key() }, html: false },
      { kind: 'REST error', path: '/api/patients', html: false },
    ];
  });

  it('puts a Content-Security-Policy on every HTML page: nonces for our scripts, none on patient pages', async () => {
    for (const page of pages.filter((p) => p.html)) {
      const res = await fetch(`${dev.base}${page.path}`, { redirect: 'manual', ...page.init });
      expect(res.headers.get('content-type'), page.kind).toContain('text/html');
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name!, values.join(' ')] as const;
        }),
      );
      expect(directives.get('frame-ancestors'), page.kind).toBe("'none'");
      expect(directives.get('base-uri'), page.kind).toBe("'none'");
      expect(directives.get('object-src'), page.kind).toBe("'none'");
      expect(directives.get('form-action'), page.kind).toBe("'self'");
      expect(csp, page.kind).not.toContain('unsafe-eval');
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      if (page.patient) {
        expect(directives.get('script-src'), page.kind).toBe("'none'");
        expect(scripts, page.kind).toEqual([]);
      } else {
        const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(directives.get('script-src') ?? '')?.[1];
        expect(nonce, page.kind).toBeTruthy();
        expect(directives.get('script-src'), page.kind).not.toContain('unsafe-inline');
        // Every script we send carries the nonce (inline ones included).
        expect(scripts.length, page.kind).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag, page.kind).toContain(`nonce="${nonce}"`);
      }
    }
    // A fresh nonce on every response.
    const nonceOf = async () =>
      /'nonce-([^']+)'/.exec(
        (await fetch(`${dev.base}/sign-in`)).headers.get('content-security-policy') ?? '',
      )?.[1];
    expect(await nonceOf()).not.toBe(await nonceOf());
  });

  it('forbids storing anything that carries patient data, keeps nosniff and framing refused', async () => {
    for (const page of pages) {
      const res = await fetch(`${dev.base}${page.path}`, { redirect: 'manual', ...page.init });
      expect(res.status, page.kind).toBeLessThan(500);
      expect(res.headers.get('cache-control'), page.kind).toBe('no-store');
      expect(res.headers.get('x-content-type-options'), page.kind).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), page.kind).toBe('DENY');
      // Plain http here: no HSTS.
      expect(res.headers.get('strict-transport-security'), page.kind).toBeNull();
      await res.arrayBuffer();
    }
  });

  it('lets static assets keep their long cache', async () => {
    const asset = readdirSync(path.join(buildDir, 'client/assets')).find((f) => f.endsWith('.js'))!;
    const res = await fetch(`${dev.base}/assets/${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends HSTS when the public address is https', async () => {
    // The same system, told it is served at an https address (TLS ends at the proxy in front).
    const https = await listen(
      createApp(
        { ...dev.c, config: { ...dev.c.config, publicBaseUrl: 'https://pay.riverside.example' } },
        await loadBuild(),
      ),
    );
    try {
      for (const p of ['/sign-in', '/api/patients', `/go/zzzzzzzzzzzzzzz`]) {
        const res = await fetch(`${https.base}${p}`, { redirect: 'manual' });
        expect(res.headers.get('strict-transport-security'), p).toBe('max-age=31536000');
        await res.arrayBuffer();
      }
    } finally {
      await new Promise((r) => https.server.close(r));
    }
  });
});
