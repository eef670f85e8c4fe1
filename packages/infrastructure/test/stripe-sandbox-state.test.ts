// The sandbox's state file: a restart of `npm start` keeps customers, sessions, events and
// idempotency records; writes are atomic; a corrupt file is moved aside instead of blocking startup.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

async function start(stateFile: string, port = 0) {
  const sandbox = await startStripeSandbox({ webhookSecret: 'whsec_state', stateFile, port });
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
