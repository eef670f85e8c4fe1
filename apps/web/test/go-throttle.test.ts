// The short link's guess throttle, over real HTTP: a client (one address) that keeps opening unknown
// codes is slowed down — a 429 with Retry-After and a friendly page — while every real link keeps
// working from that same address (a scanner on the clinic's Wi-Fi must not lock its patients out),
// the slowdown wears off by itself, and guessing finds nothing.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerBuild } from '@remix-run/node';
import { pruneClickData, SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH } from '@clinicpay/domain';
import {
  createTestContainer,
  processStripeEvent,
  submitCard,
  TEST_CARDS,
  type TestContainer,
} from '@clinicpay/standins/testing';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { createApp } from '../server/app.ts';
import { requestFrom, type Answer } from './http.ts';

let c: TestContainer;
let demo: DemoCredentials;
let servers: Server[] = [];
let ports: number[] = [];
const links: Record<'slow' | 'fast' | 'paid' | 'expired' | 'cancelled', string> = {
  slow: '',
  fast: '',
  paid: '',
  expired: '',
  cancelled: '',
};

// Node's own user agent counts as a bot; patients use phones.
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';

/** One request from a chosen loopback address (127.0.0.0/8 is all ours), so clients can differ. */
function hit(
  from: string,
  p: string,
  options: { method?: string; server?: number; userAgent?: string } = {},
): Promise<Answer> {
  return requestFrom(`http://127.0.0.1:${ports[options.server ?? 0]}`, {
    path: p,
    method: options.method ?? 'GET',
    from,
    headers: { 'user-agent': options.userAgent ?? PHONE },
  });
}

async function createLink(expiresIn = 72): Promise<{ id: string; code: string; fullUrl: string }> {
  const res = await fetch(`http://127.0.0.1:${ports[0]}/api/billing/checkout-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ patientId: demo.patientIds[0], amount: 150, expiresIn }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { id: string; shortUrl: string; fullUrl: string };
  return { id: body.id, fullUrl: body.fullUrl, code: body.shortUrl.split('/').pop()! };
}

const randomCode = (n: number) =>
  Array.from(
    { length: SHORT_CODE_LENGTH },
    (_, i) => SHORT_CODE_ALPHABET[(n * 7919 + i * 104_729 + Math.floor(Math.random() * 31)) % 31],
  ).join('');

/** Unknown codes from `from` until one is throttled; the answers, in order. */
async function guessUntilThrottled(from: string, max = 100): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < max; i += 1) {
    const answer = await hit(from, `/go/${randomCode(i)}`);
    answers.push(answer);
    if (answer.status === 429) break;
  }
  return answers;
}

beforeAll(async () => {
  c = await createTestContainer({ now: new Date('2026-03-16T15:00:00Z') });
  demo = await seedDemoData(c, undefined);
  const build = (await import(path.resolve(import.meta.dirname, '../build/server/index.js'))) as ServerBuild;
  // Two web processes on one database, as in production behind a load balancer.
  servers = [createApp(c, build).listen(0, '127.0.0.1'), createApp(c, build).listen(0, '127.0.0.1')];
  await Promise.all(servers.map((s) => new Promise((r) => s.once('listening', r))));
  ports = servers.map((s) => (s.address() as AddressInfo).port);
  c.sandbox.setWebhookUrl(`http://127.0.0.1:${ports[0]}/webhooks/stripe`);

  // A link whose payment page (24 h) ended while the link (72 h) lives on: its next open goes the
  // slow way, renewing the session; and a link that expired.
  const slow = await createLink(72);
  const expired = await createLink(1);
  c.clock.advance(25 * 3_600_000);
  const fast = await createLink(72);
  const paid = await createLink(72);
  expect((await submitCard(paid.fullUrl, TEST_CARDS.success)).status).toBe(303);
  await c.sandbox.idle();
  const events = await c
    .scope()
    .em.execute<Array<{ event_id: string }>>(`select event_id from webhook_events where status = 'received'`);
  for (const e of events) await processStripeEvent(c, e.event_id);
  const cancelled = await createLink(72);
  const res = await fetch(`http://127.0.0.1:${ports[0]}/api/billing/links/${cancelled.id}/cancel`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  Object.assign(links, {
    slow: slow.code,
    fast: fast.code,
    paid: paid.code,
    expired: expired.code,
    cancelled: cancelled.code,
  });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await c.dropDatabase();
});

describe('the /go guess throttle', () => {
  it('slows a guessing address with 429, Retry-After and a friendly page', async () => {
    const answers = await guessUntilThrottled('127.0.0.2');
    const throttled = answers.at(-1)!;
    expect(throttled.status).toBe(429);
    // A burst is allowed first: a patient retyping a code a few times never meets the limit.
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.slice(0, -1).every((a) => a.status === 404)).toBe(true);
    const retryAfter = Number(throttled.headers['retry-after']);
    expect(throttled.headers['retry-after']).toMatch(/^\d+$/);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(throttled.body).toContain('Too many attempts');
    expect(throttled.body).not.toContain('<script');
    expect(throttled.headers['cache-control']).toBe('no-store');
    // HEAD, the thank-you page and the other web process say the same to that address.
    expect((await hit('127.0.0.2', `/go/${randomCode(1)}`, { method: 'HEAD' })).status).toBe(429);
    expect((await hit('127.0.0.2', `/go/${randomCode(2)}/done`)).status).toBe(429);
    expect((await hit('127.0.0.2', `/go/${randomCode(3)}`, { server: 1 })).status).toBe(429);
    // Another address is not affected.
    expect((await hit('127.0.0.3', `/go/${randomCode(4)}`)).status).toBe(404);
  });

  it('never stops a real link from opening at that address, whatever its state', async () => {
    // A scanner and the patients share 127.0.0.6 (a clinic's Wi-Fi, a carrier's address).
    expect((await guessUntilThrottled('127.0.0.6')).at(-1)!.status).toBe(429);
    const fast = await hit('127.0.0.6', `/go/${links.fast}`);
    expect(fast.status).toBe(303);
    expect(fast.headers.location).toContain('/checkout/cs_');
    const slow = await hit('127.0.0.6', `/go/${links.slow}`, { server: 1 });
    expect(slow.status).toBe(303);
    expect(slow.headers.location).toContain('/checkout/cs_');
    const paid = await hit('127.0.0.6', `/go/${links.paid}`);
    expect(paid.status).toBe(200);
    expect(paid.body).toContain('This bill is paid');
    const expired = await hit('127.0.0.6', `/go/${links.expired}`);
    expect(expired.status).toBe(200);
    expect(expired.body).toContain('This payment link has expired');
    const cancelled = await hit('127.0.0.6', `/go/${links.cancelled}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toContain('This payment link was cancelled');
    expect((await hit('127.0.0.6', `/go/${links.paid}/done`)).body).toContain('was received');
    expect((await hit('127.0.0.6', `/go/${links.fast}/cancelled`)).status).toBe(200);
    // A link preview (HEAD, or a bot's GET) of a real link still gets its preview page.
    expect((await hit('127.0.0.6', `/go/${links.fast}`, { method: 'HEAD' })).status).toBe(200);
    expect(
      (await hit('127.0.0.6', `/go/${links.paid}`, { userAgent: 'facebookexternalhit/1.1' })).status,
    ).toBe(200);
  });

  it('wears off by itself, and more guessing never extends it', async () => {
    const first = await guessUntilThrottled('127.0.0.4');
    expect(first.at(-1)!.headers['retry-after']).toMatch(/^\d+$/);
    const retryAfter = Number(first.at(-1)!.headers['retry-after']);
    // Hammering while throttled changes nothing about when it ends.
    for (let i = 0; i < 50; i += 1) expect((await hit('127.0.0.4', `/go/${randomCode(i)}`)).status).toBe(429);
    c.clock.advance(retryAfter * 1000);
    expect((await hit('127.0.0.4', `/go/${randomCode(6)}`)).status).toBe(404);
    expect((await hit('127.0.0.4', `/go/${randomCode(7)}`)).status).toBe(429);
    // Left alone for a while, the address gets its whole burst back (no lock to outlive a restart),
    // and the hourly retention task forgets it.
    c.clock.advance(60 * 60_000);
    expect((await pruneClickData(c.retentionDeps())).forgottenGuessers).toBeGreaterThanOrEqual(1);
    expect((await guessUntilThrottled('127.0.0.4')).length).toBe(first.length);
  });

  it('keeps guessing useless: 5,000 random codes from one address open nothing', async () => {
    const statuses = new Map<number, number>();
    const codes = Array.from({ length: 5_000 }, (_, i) => randomCode(i));
    for (let i = 0; i < codes.length; i += 10) {
      const batch = await Promise.all(codes.slice(i, i + 10).map((code) => hit('127.0.0.5', `/go/${code}`)));
      for (const a of batch) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    }
    expect([...statuses.keys()].sort()).toEqual([404, 429]);
    expect(statuses.get(429)).toBeGreaterThan(4_900);
  }, 300_000);
});
