// Payments whose webhook never arrived: the web app is down while a patient pays, and the worker
// still completes the link within one reconcile period, with exactly one payment; the webhook that
// arrives once the web app is back changes nothing. An event that can never be applied is recorded
// as failed once, and its job is not retried.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner } from 'graphile-worker';
import type { PaymentLink } from '@clinicpay/domain';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import {
  createTestCheckoutLink,
  createTestContainer,
  deliverStripeEvent,
  signStripeEvent,
  startWebhookReceiver,
  submitCard,
  TEST_CARDS,
  type TestContainer,
} from '@clinicpay/standins/testing';
import { startWorker } from '../src/worker.ts';

const RECONCILE_SECONDS = 2;
let c: TestContainer;
let demo: DemoCredentials;
let runner: Runner;

/** The web app's address while it is stopped: nothing listens there. */
async function unreachableUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return url;
}

beforeAll(async () => {
  c = await createTestContainer({
    now: new Date(),
    config: { STRIPE_RECONCILE_INTERVAL_SECONDS: String(RECONCILE_SECONDS) },
  });
  demo = await seedDemoData(c, undefined);
  c.sandbox.setWebhookUrl(await unreachableUrl());
  runner = await startWorker(c, { concurrency: 2 });
});
afterAll(async () => {
  await runner?.stop();
  await c.dropDatabase();
});

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const newLink = (patientIndex: number) =>
  createTestCheckoutLink(c, {
    organizationId: demo.organizationId,
    patientId: demo.patientIds[patientIndex]!,
    amount: 120,
  });

const reload = (link: PaymentLink) => c.paymentDeps().repos.links.findById(link.organizationId, link.id);
const paymentsOf = (link: PaymentLink) =>
  c.paymentDeps().repos.payments.listByLink(link.organizationId, link.id);

describe('a payment made while the web app is down', () => {
  it('completes the link within one reconcile period, with one payment; the late webhook changes nothing', async () => {
    const link = await newLink(0);
    expect((await submitCard(link.stripeSessionUrl!, TEST_CARDS.success)).status).toBe(303);
    const paidAt = Date.now();
    const completed = await eventually(
      () => reload(link),
      (l) => l?.status === 'COMPLETED',
    );
    expect(completed?.status).toBe('COMPLETED');
    // One period, plus the time to read Stripe and run the event's job on a busy machine.
    expect(Date.now() - paidAt).toBeLessThan(RECONCILE_SECONDS * 1000 + 6000);
    expect(await paymentsOf(link)).toEqual([
      expect.objectContaining({ status: 'SUCCEEDED', amountMinor: 12000 }),
    ]);

    // The web app is back and Stripe's retries arrive, through the real intake.
    const receiver = await startWebhookReceiver(c);
    try {
      for (const event of c.sandbox.events().filter((e) => JSON.stringify(e).includes(link.id))) {
        const payload = JSON.stringify(event);
        const res = await fetch(receiver.url, {
          method: 'POST',
          body: payload,
          headers: { 'stripe-signature': signStripeEvent(c, payload) },
        });
        expect(res.status).toBe(200);
      }
      await receiver.drain();
    } finally {
      await receiver.close();
    }
    expect(await paymentsOf(link)).toHaveLength(1);
    const paid = (await c.paymentDeps().repos.linkEvents.list(link.organizationId, link.id)).filter(
      (e) => e.type === 'paid',
    );
    expect(paid).toHaveLength(1);
  });
});

describe('an event that can never be applied', () => {
  it('is recorded as failed once and its job is not retried', async () => {
    const link = await newLink(1);
    const event = {
      id: 'evt_worker_poison',
      object: 'event',
      type: 'checkout.session.completed',
      data: {
        object: {
          id: link.stripeSessionId,
          object: 'checkout.session',
          mode: 'payment',
          payment_status: 'paid',
          payment_intent: 'pi_worker_unknown',
          client_reference_id: link.id,
          metadata: { link_id: link.id, organization_id: link.organizationId },
        },
      },
    };
    expect(await deliverStripeEvent(c, event)).toMatchObject({ status: 'accepted' });
    const row = async () =>
      (
        await c
          .scope()
          .em.execute<Array<{ status: string; attempts: number }>>(
            `select status, attempts from webhook_events where event_id = 'evt_worker_poison'`,
          )
      )[0];
    expect(await eventually(row, (r) => r?.status === 'failed')).toMatchObject({
      status: 'failed',
      attempts: 1,
    });
    const jobs = async () =>
      c
        .scope()
        .em.execute(
          `select 1 from graphile_worker._private_jobs where key = 'stripe-event:evt_worker_poison'`,
        );
    expect(await eventually(jobs, (j) => j.length === 0)).toHaveLength(0);
    expect((await row())?.attempts).toBe(1);
    expect((await reload(link))?.status).toBe('ACTIVE');
  });
});
