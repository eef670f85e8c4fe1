// Webhook delivery from the sandbox: Stripe-Signature verified with the real SDK, creation order,
// retries after failures with the configured delays, giving up, and snapshots frozen at event time.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startStripeSandbox, type StripeSandbox } from '../src/stripe-sandbox/index.ts';

const SECRET = 'whsec_sandbox_webhook_test';

type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A webhook endpoint answering with `statuses` in turn (then 200), recording raw bodies. */
async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(statuses.shift() ?? 200);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function setup(
  options: { statuses?: number[]; retryDelaysMs?: number[]; webhookUrl?: string | null } = {},
) {
  const receiver = await startReceiver(options.statuses);
  const logs: string[] = [];
  const sandbox: StripeSandbox = await startStripeSandbox({
    webhookSecret: SECRET,
    webhookUrl: options.webhookUrl === undefined ? receiver.url : options.webhookUrl,
    webhookRetryDelaysMs: options.retryDelaysMs ?? [20, 20],
    log: (message) => logs.push(message),
  });
  cleanups.push(receiver.close, sandbox.stop);
  const api = new URL(sandbox.url);
  const stripe = new Stripe('sk_test_sandbox', {
    host: api.hostname,
    port: Number(api.port),
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
  return { receiver, sandbox, stripe, logs };
}

async function paidSession(stripe: Stripe, card = '4242424242424242') {
  const customer = await stripe.customers.create({ email: 'pat@example.com' });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    customer: customer.id,
    line_items: [
      { price_data: { currency: 'usd', unit_amount: 2500, product_data: { name: 'Copay' } }, quantity: 2 },
    ],
    success_url: 'https://clinic.example/paid',
    payment_intent_data: { metadata: { link: 'lnk_9' } },
  });
  await fetch(session.url!, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      card_number: card,
      card_expiry: '12 / 34',
      card_cvc: '123',
      cardholder_name: 'Pat',
      postal_code: '10001',
    }),
  });
  return session;
}

describe('webhook delivery', () => {
  it('POSTs signed events in creation order; the SDK verifies every signature', async () => {
    const { receiver, sandbox, stripe } = await setup();
    const session = await paidSession(stripe);
    await stripe.checkout.sessions
      .create({ mode: 'setup', currency: 'usd' })
      .then((s) => stripe.checkout.sessions.expire(s.id));
    await sandbox.idle();

    const events = receiver.received.map(({ headers, body }) => {
      expect(headers['content-type']).toBe('application/json; charset=utf-8');
      expect(headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)');
      expect(headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      return stripe.webhooks.constructEvent(body, String(headers['stripe-signature']), SECRET);
    });
    expect(events.map((e) => e.type)).toEqual([
      'payment_intent.succeeded',
      'charge.succeeded',
      'checkout.session.completed',
      'checkout.session.expired',
    ]);
    expect(events.map((e) => e.id)).toEqual(sandbox.events().map((e) => e.id));
    const completed = events[2]!;
    expect(completed).toMatchObject({
      object: 'event',
      api_version: '2026-10-28.endive',
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: { id: session.id, status: 'complete', payment_status: 'paid' } },
    });
    const expired = events[3]!;
    expect(expired.request?.id).toMatch(/^req_/);
    expect(expired.request?.idempotency_key).toMatch(/^stripe-node-retry-/);

    expect(() =>
      stripe.webhooks.constructEvent(
        receiver.received[0]!.body,
        String(receiver.received[0]!.headers['stripe-signature']),
        'whsec_wrong',
      ),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect((await stripe.events.retrieve(completed.id)).pending_webhooks).toBe(0);
  });

  it('retries after a 500 and a network error, with the configured delays', async () => {
    const { receiver, sandbox, stripe } = await setup({ statuses: [500], retryDelaysMs: [30, 30, 30] });
    const customer = await stripe.customers.create({});
    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      currency: 'usd',
      customer: customer.id,
    });
    await stripe.checkout.sessions.expire(session.id);
    await sandbox.idle();
    const [event] = sandbox.events();
    expect(sandbox.deliveries().map((d) => [d.eventId, d.attempt, d.status])).toEqual([
      [event!.id, 1, 500],
      [event!.id, 2, 200],
    ]);
    const [first, second] = sandbox.deliveries();
    expect(second!.at.getTime() - first!.at.getTime()).toBeGreaterThanOrEqual(25);
    expect(receiver.received).toHaveLength(2);
    // Both attempts carry a valid signature of the same event.
    for (const { body, headers } of receiver.received) {
      expect(stripe.webhooks.constructEvent(body, String(headers['stripe-signature']), SECRET).id).toBe(
        event!.id,
      );
    }

    const unreachable = await startReceiver();
    await unreachable.close();
    sandbox.setWebhookUrl(unreachable.url);
    await stripe.checkout.sessions.expire(
      (await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd' })).id,
    );
    sandbox.setWebhookUrl(receiver.url);
    await sandbox.idle();
    const later = sandbox.deliveries().slice(2);
    expect(later.map((d) => d.status)).toEqual(['network_error', 200]);
  });

  it('gives up after the last retry, logs it, and does not hold up later events', async () => {
    const { receiver, sandbox, stripe, logs } = await setup({
      statuses: [500, 503, 502],
      retryDelaysMs: [10, 10],
    });
    const customer = await stripe.customers.create({});
    const first = await stripe.checkout.sessions.create({
      mode: 'setup',
      currency: 'usd',
      customer: customer.id,
    });
    await stripe.checkout.sessions.expire(first.id);
    await sandbox.idle();
    expect(sandbox.deliveries().map((d) => d.status)).toEqual([500, 503, 502]);
    expect(logs.some((line) => line.includes('gave up after 3 attempt(s)'))).toBe(true);
    const [event] = sandbox.events();
    expect((await stripe.events.retrieve(event!.id)).pending_webhooks).toBe(1);

    const second = await stripe.checkout.sessions.create({
      mode: 'setup',
      currency: 'usd',
      customer: customer.id,
    });
    await stripe.checkout.sessions.expire(second.id);
    await sandbox.idle();
    expect(receiver.received).toHaveLength(4);
    expect(sandbox.deliveries().at(-1)).toMatchObject({ attempt: 1, status: 200 });
  });

  it('does not deliver while no webhook URL is set, and starts once one is', async () => {
    const { receiver, sandbox, stripe } = await setup({ webhookUrl: null });
    const a = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd' });
    await stripe.checkout.sessions.expire(a.id);
    await sandbox.idle();
    expect(receiver.received).toHaveLength(0);
    expect((await stripe.events.list()).data[0]?.pending_webhooks).toBe(0);
    sandbox.setWebhookUrl(receiver.url);
    const b = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd' });
    await stripe.checkout.sessions.expire(b.id);
    await sandbox.idle();
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ data: { object: { id: b.id } } });
  });

  it('events keep the snapshot taken when they were created', async () => {
    const { sandbox, stripe } = await setup();
    const session = await paidSession(stripe);
    const intentId = (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
    await stripe.refunds.create({ payment_intent: intentId, amount: 1000 });
    await sandbox.idle();
    const types = sandbox.events().map((e) => e.type);
    expect(types).toEqual([
      'payment_intent.succeeded',
      'charge.succeeded',
      'checkout.session.completed',
      'charge.refunded',
      'refund.created',
    ]);
    const succeeded = sandbox.events().find((e) => e.type === 'charge.succeeded')!;
    const refunded = sandbox.events().find((e) => e.type === 'charge.refunded')!;
    expect(succeeded.data.object).toMatchObject({ amount_refunded: 0, refunded: false });
    expect(refunded.data.object).toMatchObject({
      amount_refunded: 1000,
      refunded: false,
      payment_intent: intentId,
    });
    const apiEvent = await stripe.events.retrieve(succeeded.id);
    expect((apiEvent.data.object as Stripe.Charge).amount_refunded).toBe(0);
  });

  it('emits payment_intent.payment_failed with the PaymentIntent metadata for declines', async () => {
    const { receiver, sandbox, stripe } = await setup();
    await paidSession(stripe, '4000000000000002');
    await sandbox.idle();
    const [event] = receiver.received.map(({ body, headers }) =>
      stripe.webhooks.constructEvent(body, String(headers['stripe-signature']), SECRET),
    );
    expect(event).toMatchObject({
      type: 'payment_intent.payment_failed',
      data: {
        object: {
          object: 'payment_intent',
          status: 'requires_payment_method',
          metadata: { link: 'lnk_9' },
          last_payment_error: { code: 'card_declined', decline_code: 'generic_decline' },
        },
      },
    });
  });
});
