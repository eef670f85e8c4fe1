// GET /metrics on the web process (docs/operations.md): behind METRICS_TOKEN, and what a day's
// traffic puts there — answers by registered route and status, patient redirects by outcome,
// webhooks by provider and outcome, rate-limit and allowlist refusals — with no id, code or address
// of anyone in a label.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFrom } from './http.ts';
import { demoApiKeyId, serveDemo, type Served } from './serve.ts';

const TOKEN = 'metrics-token-for-the-test-suite';
let s: Served;
beforeAll(async () => {
  s = await serveDemo({ config: { METRICS_TOKEN: TOKEN, RATE_LIMIT_EXPORTS: '1' } });
});
afterAll(async () => {
  await s?.close();
});

const scrape = async () => {
  const res = await fetch(`${s.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
};
/** The value of one series: its name and labels, in any order (the process label is added here). */
function value(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries({ ...labels, process: 'web' })
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (m?.[1] === name && m[2]!.split(',').sort().join(',') === want) return Number(m[3]);
  }
  return 0;
}
const api = (path: string) =>
  fetch(`${s.base}${path}`, { headers: { authorization: `Bearer ${s.demo.apiKey}` } });
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';

describe('GET /metrics', () => {
  it('needs the token', async () => {
    expect((await fetch(`${s.base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${s.base}/metrics`, {
      headers: { authorization: 'Bearer not-the-token-at-all!!' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
  });

  it('counts answers by registered route and status, redirects, webhooks and refusals', async () => {
    const before = await scrape();
    const created = await fetch(`${s.base}/api/billing/checkout-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.demo.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ patientId: s.demo.patientIds[0], amount: 42, description: 'Physio session' }),
    });
    expect(created.status).toBe(201);
    const link = (await created.json()) as { id: string; shortUrl: string };
    const code = link.shortUrl.split('/').pop()!;
    expect((await api(`/api/billing/links/${link.id}`)).status).toBe(200);
    expect((await api('/api/billing/links/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    // The patient opens the link twice (a redirect each), and someone tries a code that doesn't exist.
    for (let i = 0; i < 2; i++)
      expect(
        (await fetch(`${s.base}/go/${code}`, { redirect: 'manual', headers: { 'user-agent': PHONE } }))
          .status,
      ).toBe(303);
    expect((await fetch(`${s.base}/go/zzzzzzzzzz`, { headers: { 'user-agent': PHONE } })).status).toBe(404);
    // A signed Stripe event twice (stored, then a duplicate) and one with a bad signature.
    const body = JSON.stringify({
      id: 'evt_metrics_1',
      object: 'event',
      type: 'customer.updated',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'cus_metrics', object: 'customer' } },
    });
    const signature = new Stripe('sk_test_x').webhooks.generateTestHeaderString({
      payload: body,
      secret: s.c.config.stripe.webhookSecret,
    });
    const hook = (sig: string) =>
      fetch(`${s.base}/webhooks/stripe`, {
        method: 'POST',
        body,
        headers: { 'stripe-signature': sig, 'content-type': 'application/json' },
      });
    expect((await hook(signature)).status).toBe(200);
    expect((await hook(signature)).status).toBe(200);
    expect((await hook('t=1,v1=deadbeef')).status).toBe(400);
    // Over the export budget (1 a minute here), and an API key used from outside its allowlist.
    expect((await api('/api/billing/exports/links.csv')).status).toBe(200);
    expect((await api('/api/billing/exports/links.csv')).status).toBe(429);
    const keyId = await demoApiKeyId(s);
    const restrict = (ranges: string[]) =>
      fetch(`${s.base}/api/trpc/access.setApiKeyAllowlist`, {
        method: 'POST',
        headers: { cookie: s.adminCookie, origin: s.base, 'content-type': 'application/json' },
        body: JSON.stringify({ apiKeyId: keyId, ranges }),
      });
    expect((await restrict(['192.0.2.1'])).status).toBe(200);
    expect((await api('/api/patients?limit=1')).status).toBe(403);
    expect((await restrict([])).status).toBe(200);
    const page = await requestFrom(s.base, { path: '/dashboard', headers: { cookie: s.adminCookie } });
    expect(page.status).toBe(200);

    const after = await scrape();
    const grew = (name: string, labels: Record<string, string>) =>
      value(after, name, labels) - value(before, name, labels);
    const http = (method: string, route: string, status: number) =>
      grew('clinicpay_http_request_duration_seconds_count', { method, route, status: String(status) });
    expect(http('POST', '/api/billing/checkout-link', 201)).toBe(1);
    expect(http('GET', '/api/billing/links/:id', 200)).toBe(1);
    expect(http('GET', '/api/billing/links/:id', 404)).toBe(1);
    expect(http('GET', '/go/:code', 303)).toBe(2);
    expect(http('GET', '/dashboard/*', 200)).toBe(1);
    expect(grew('clinicpay_go_requests_total', { outcome: 'redirect' })).toBe(2);
    expect(grew('clinicpay_go_requests_total', { outcome: 'not_found' })).toBe(1);
    expect(grew('clinicpay_webhooks_total', { provider: 'stripe', outcome: 'stored' })).toBe(1);
    expect(grew('clinicpay_webhooks_total', { provider: 'stripe', outcome: 'duplicate' })).toBe(1);
    expect(grew('clinicpay_webhooks_total', { provider: 'stripe', outcome: 'rejected' })).toBe(1);
    expect(grew('clinicpay_rate_limited_total', { budget: 'exports' })).toBe(1);
    expect(grew('clinicpay_ip_allowlist_refused_total', { subject: 'api_key' })).toBe(1);
    expect(after).toMatch(/^clinicpay_clicks_buffered\{process="web"\} \d+$/m);
    expect(after).toMatch(/^clinicpay_nodejs_eventloop_lag_p99_seconds\{process="web"\} /m);

    // Nothing about anyone: no ids, codes, key prefixes, addresses or descriptions in a label.
    for (const secret of [
      link.id,
      code,
      keyId,
      s.demo.patientIds[0]!,
      s.demo.organizationId,
      '127.0.0.1',
      'Physio',
    ])
      expect(after).not.toContain(secret);
  });
});
