// The two ways a missed webhook is repaired, each on its own: the per-link read of Checkout Sessions
// (the domain's reconcileCheckoutSessions) and the catch-up from Stripe's event list. Whichever runs
// first, and whenever the webhook itself arrives, a link ends with one payment and one "paid" entry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createCardUpdateLink,
  expireDueLinks,
  reconcileCheckoutSessions,
  type PaymentLink,
} from '@clinicpay/domain';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { catchUpStripeEvents, processStripeEvent } from '@clinicpay/standins/testing';
import {
  createTestCheckoutLink,
  createTestContainer,
  deliverStripeEvent,
  submitCard,
  TEST_CARDS,
  type TestContainer,
} from '@clinicpay/standins/testing';

const HOUR = 3_600_000;
let c: TestContainer;
let demo: DemoCredentials;

beforeAll(async () => {
  c = await createTestContainer({ now: new Date() });
  demo = await seedDemoData(c, undefined);
  // Nothing is delivered: every event stays with Stripe, as while the web app is down.
  c.sandbox.setWebhookUrl(null);
});
afterAll(async () => {
  await c.dropDatabase();
});
beforeEach(() => {
  c.clock.set(new Date());
});

const reconcile = () => reconcileCheckoutSessions({ limit: 100, lookbackMs: 6 * HOUR }, c.paymentDeps());
const reload = async (link: PaymentLink) =>
  (await c.paymentDeps().repos.links.findById(link.organizationId, link.id))!;
const paymentsOf = (link: PaymentLink) =>
  c.paymentDeps().repos.payments.listByLink(link.organizationId, link.id);
const timeline = async (link: PaymentLink, type: string) =>
  (await c.paymentDeps().repos.linkEvents.list(link.organizationId, link.id)).filter((e) => e.type === type);

const newLink = (patientIndex: number) =>
  createTestCheckoutLink(c, {
    organizationId: demo.organizationId,
    patientId: demo.patientIds[patientIndex]!,
    amount: 64,
  });

/** The webhook Stripe would have sent for this link's session completing, delivered and processed. */
async function lateWebhook(link: PaymentLink): Promise<string> {
  const event = c.sandbox
    .events()
    .find((e) => e.type === 'checkout.session.completed' && e.data.object.client_reference_id === link.id);
  if (!event) throw new Error('no completion event');
  const accepted = await deliverStripeEvent(c, event);
  if (accepted.status !== 'accepted') throw new Error(accepted.reason);
  return processStripeEvent(c, accepted.eventId);
}

describe('reading Checkout Sessions (reconcileCheckoutSessions)', () => {
  it('completes a link paid without any event, once; the webhook arriving later changes nothing', async () => {
    const link = await newLink(0);
    await submitCard(link.stripeSessionUrl!, TEST_CARDS.success);
    expect((await reload(link)).status).toBe('ACTIVE');

    const first = await reconcile();
    expect(first.completed).toBe(1);
    const fresh = await reload(link);
    expect(fresh.status).toBe('COMPLETED');
    expect(fresh.receiptUrl).toMatch(/\/receipts\/ch_/);
    expect(await paymentsOf(link)).toEqual([
      expect.objectContaining({ status: 'SUCCEEDED', amountMinor: 6400 }),
    ]);

    expect((await reconcile()).completed).toBe(0);
    expect(await lateWebhook(link)).toBe('processed');
    expect(await paymentsOf(link)).toHaveLength(1);
    expect(await timeline(link, 'paid')).toHaveLength(1);
  });

  it('and the webhook racing it make one payment row, whichever wins', async () => {
    const links = await Promise.all([newLink(1), newLink(2), newLink(3)]);
    for (const link of links) await submitCard(link.stripeSessionUrl!, TEST_CARDS.success);
    const outcomes = await Promise.allSettled([reconcile(), ...links.map((link) => lateWebhook(link))]);
    // A loser may have hit the unique payment-intent constraint: its job retries, and then finds the row.
    for (const [i, outcome] of outcomes.entries())
      if (outcome.status === 'rejected' && i > 0) await lateWebhook(links[i - 1]!);
    await reconcile();
    for (const link of links) {
      expect((await reload(link)).status).toBe('COMPLETED');
      expect(await paymentsOf(link)).toHaveLength(1);
      expect(await timeline(link, 'paid')).toHaveLength(1);
    }
  });

  it('saves the card of a card-update link completed without an event', async () => {
    const patientId = demo.patientIds[4]!;
    const created = await createCardUpdateLink(
      {
        organizationId: demo.organizationId,
        actor: { type: 'system', name: 'test' },
        createdByUserId: null,
        requestId: null,
        patientId,
      },
      c.paymentDeps(),
    );
    if (!created.ok) throw created.error;
    await submitCard(created.value.link.stripeSessionUrl!, TEST_CARDS.success, '09 / 33');
    expect((await reconcile()).completed).toBe(1);
    expect((await reload(created.value.link)).status).toBe('COMPLETED');
    const patient = await c.paymentDeps().repos.patients.findById(demo.organizationId, patientId);
    expect(patient).toMatchObject({ cardLast4: '4242', cardExpMonth: 9, cardExpYear: 2033 });
  });

  it('records a payment made just before the link expired, once, as a late payment', async () => {
    const link = await newLink(5);
    await c
      .scope()
      .em.execute(`update payment_links set first_clicked_at = ?, last_clicked_at = ? where id = ?`, [
        c.clock.now(),
        c.clock.now(),
        link.id,
      ]);
    await submitCard(link.stripeSessionUrl!, TEST_CARDS.success);
    c.clock.advance(73 * HOUR);
    await expireDueLinks(c.paymentDeps());
    expect((await reload(link)).status).toBe('EXPIRED');
    await reconcile();
    await reconcile();
    expect((await reload(link)).status).toBe('EXPIRED');
    expect(await paymentsOf(link)).toEqual([expect.objectContaining({ status: 'SUCCEEDED' })]);
    expect(await timeline(link, 'late_payment')).toHaveLength(1);
  });

  it('forgets a session that expired unpaid, so the next click opens a fresh one', async () => {
    const link = await newLink(6);
    await c.sandbox.idle();
    c.clock.advance(25 * HOUR); // Stripe expires the session; its event is never delivered
    c.sandbox.sweepExpiredSessions();
    const result = await reconcile();
    expect(result.expired).toBeGreaterThanOrEqual(1);
    const fresh = await reload(link);
    expect(fresh.status).toBe('ACTIVE');
    expect(fresh.stripeSessionUrl).toBeNull();
  });
});

describe('the catch-up from Stripe’s event list', () => {
  it('stores and enqueues the events never delivered, once; processing them completes the link', async () => {
    const link = await newLink(7);
    await submitCard(link.stripeSessionUrl!, TEST_CARDS.success);
    const first = await catchUpStripeEvents(c);
    expect(first.stored).toBeGreaterThanOrEqual(1);
    const [row] = await c
      .scope()
      .em.execute<Array<{ event_id: string; status: string }>>(
        `select event_id, status from webhook_events where type = 'checkout.session.completed' and payload->'data'->'object'->>'client_reference_id' = ?`,
        [link.id],
      );
    expect(row?.status).toBe('received');
    const jobs = await c
      .scope()
      .em.execute(`select 1 from graphile_worker._private_jobs where key = ?`, [
        `stripe-event:${row!.event_id}`,
      ]);
    expect(jobs).toHaveLength(1);
    expect(await processStripeEvent(c, row!.event_id)).toBe('processed');
    expect((await reload(link)).status).toBe('COMPLETED');

    const again = await catchUpStripeEvents(c, { since: first.newest });
    expect(again.stored).toBe(0);
    expect(again.listed).toBeGreaterThanOrEqual(1);
    expect(await paymentsOf(link)).toHaveLength(1);
  });
});
