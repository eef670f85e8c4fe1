// The sandbox's state file: a restart of `npm start` keeps customers, sessions, events, idempotency
// records and the webhooks not yet delivered; writes are atomic; a corrupt file is moved aside
// instead of blocking startup.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startStripeSandbox, type StripeSandbox } from '../src/stripe-sandbox/index.ts';

const dirs: string[] = [];
const running: StripeSandbox[] = [];
afterEach(async () => {
  for (const sandbox of running.splice(0)) await sandbox.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stripe-sandbox-state-'));
  dirs.push(dir);
  return dir;
}

async function start(
  stateFile: string,
  port = 0,
  options: { webhookUrl?: string | null; webhookRetryDelaysMs?: number[] } = {},
) {
  const sandbox = await startStripeSandbox({ webhookSecret: 'whsec_state', stateFile, port, ...options });
  running.push(sandbox);
  const api = new URL(sandbox.url);
  const stripe = new Stripe('sk_test_sandbox', {
    host: api.hostname,
    port: Number(api.port),
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
  return { sandbox, stripe };
}

describe('state file', () => {
  it('survives a restart: objects, events, idempotency records and the hosted page', async () => {
    const file = path.join(tempDir(), 'nested', 'stripe-sandbox.json');
    const first = await start(file);
    const customer = await first.stripe.customers.create(
      { email: 'pat@example.com' },
      { idempotencyKey: 'create-pat' },
    );
    const paid = await first.stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [
        { price_data: { currency: 'usd', unit_amount: 9900, product_data: { name: 'Visit' } }, quantity: 1 },
      ],
      success_url: 'https://clinic.example/paid',
    });
    await fetch(paid.url!, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({
        card_number: '4242424242424242',
        card_expiry: '10 / 30',
        card_cvc: '123',
        cardholder_name: 'Pat',
        postal_code: '10001',
      }),
    });
    const open = await first.stripe.checkout.sessions.create({
      mode: 'setup',
      currency: 'usd',
      customer: customer.id,
    });
    const eventIds = first.sandbox.events().map((e) => e.id);
    const port = first.sandbox.port;
    await first.sandbox.stop();
    running.splice(running.indexOf(first.sandbox), 1);

    expect(readdirSync(path.dirname(file))).toEqual(['stripe-sandbox.json']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });

    const second = await start(file, port);
    expect((await second.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      email: 'pat@example.com',
    });
    const replay = await second.stripe.customers.create(
      { email: 'pat@example.com' },
      { idempotencyKey: 'create-pat' },
    );
    expect(replay.id).toBe(customer.id);
    const session = await second.stripe.checkout.sessions.retrieve(paid.id, {
      expand: ['payment_intent.latest_charge'],
    });
    expect(session.status).toBe('complete');
    expect(((session.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge).paid).toBe(true);
    expect(second.sandbox.events().map((e) => e.id)).toEqual(eventIds);
    expect((await second.stripe.events.list()).data.map((e) => e.id)).toEqual([...eventIds].reverse());
    const page = await fetch(open.url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Save card');
  });

  it('moves a corrupt file aside and starts empty', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'state.json');
    writeFileSync(file, '{"version": 1, "store": ');
    const logs: string[] = [];
    const sandbox = await startStripeSandbox({
      webhookSecret: 'whsec_state',
      stateFile: file,
      log: (m) => logs.push(m),
    });
    running.push(sandbox);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).some((name) => name.startsWith('state.json.corrupt-'))).toBe(true);
    expect(logs.some((line) => line.includes('unreadable'))).toBe(true);
    expect(sandbox.events()).toEqual([]);
  });
});

/** A webhook endpoint that records the ids of the events it receives (answering 200). */
async function endpoint() {
  const ids: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      ids.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`;
  return { url, ids, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('undelivered webhooks', () => {
  it('survive a restart and are delivered once the endpoint answers; delivered ones are not sent again', async () => {
    const file = path.join(tempDir(), 'stripe-sandbox.json');
    const down = await endpoint();
    await down.close(); // the web app is stopped: nothing listens at its URL
    const first = await start(file, 0, { webhookUrl: down.url, webhookRetryDelaysMs: [10] });
    const session = await first.stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd' });
    await first.stripe.checkout.sessions.expire(session.id);
    await first.sandbox.idle();
    const [event] = first.sandbox.events();
    expect(first.sandbox.deliveries().map((d) => d.status)).toEqual(['network_error', 'network_error']);
    await first.sandbox.stop();

    // Restarted with no URL yet (as `npm start` may be), then the web app is up again.
    const up = await endpoint();
    try {
      const second = await start(file);
      second.sandbox.setWebhookUrl(up.url);
      await second.sandbox.idle();
      expect(up.ids).toEqual([event!.id]);
      expect((await second.stripe.events.retrieve(event!.id)).pending_webhooks).toBe(0);
      await second.sandbox.stop();

      const third = await start(file, 0, { webhookUrl: up.url });
      await third.sandbox.idle();
      expect(up.ids).toEqual([event!.id]);
    } finally {
      await up.close();
    }
  });
});
