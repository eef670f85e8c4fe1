// Payment links end to end at the use-case level: real PostgreSQL, the local Stripe sandbox
// through the real SDK, webhooks through the real intake.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import {
  cancelLink,
  emailStaffNotice,
  createCardUpdateLink,
  createCheckoutLink,
  expireDueLinks,
  openLink,
  regenerateLink,
  scanExpiringCards,
  syncCardOnFile,
  type CreateCheckoutLinkInput,
  type PaymentLink,
} from '@clinicpay/domain';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import {
  createTestContainer,
  sandboxStripe,
  startWebhookReceiver,
  submitCard,
  TEST_CARDS,
  type TestContainer,
  type WebhookReceiver,
} from '@clinicpay/standins/testing';

const HOUR = 3_600_000;
let c: TestContainer;
let demo: DemoCredentials;
let receiver: WebhookReceiver;
let stripe: Stripe;

const actor = { type: 'system', name: 'test' } as const;

function checkoutInput(overrides: Partial<CreateCheckoutLinkInput> = {}): CreateCheckoutLinkInput {
  return {
    organizationId: demo.organizationId,
    actor,
    createdByUserId: null,
    requestId: null,
    patientId: demo.patientIds[0]!,
    items: [
      { name: 'Consultation', price: 100.0, quantity: 1 },
      { name: 'Lab Work', price: 50.0, quantity: 1 },
    ],
    amount: 150.0,
    description: 'Office Visit - March 15',
    ...overrides,
  };
}

async function create(overrides: Partial<CreateCheckoutLinkInput> = {}): Promise<PaymentLink> {
  const result = await createCheckoutLink(checkoutInput(overrides), c.paymentDeps());
  if (!result.ok) throw result.error;
  return result.value.link;
}

async function reload(link: PaymentLink): Promise<PaymentLink> {
  const fresh = await c.paymentDeps().repos.links.findById(link.organizationId, link.id);
  if (!fresh) throw new Error('link vanished');
  return fresh;
}

async function settle() {
  await c.sandbox.idle();
  await receiver.drain();
}

beforeAll(async () => {
  c = await createTestContainer({ now: new Date() });
  demo = await seedDemoData(c, undefined);
  receiver = await startWebhookReceiver(c);
  c.sandbox.setWebhookUrl(receiver.url);
  stripe = sandboxStripe(c.sandbox);
});
afterAll(async () => {
  await receiver.close();
  await c.dropDatabase();
});
beforeEach(() => {
  c.clock.set(new Date());
});

describe('creating a checkout link', () => {
  it('derives and checks the amount in integer cents, opens a Checkout Session and stores the link', async () => {
    const link = await create({
      items: [
        { name: 'Copay', price: 0.1, quantity: 3 },
        { name: 'Lab', price: '0.2', quantity: 1 },
      ],
      amount: '0.50',
    });
    expect(link.amountMinor).toBe(50);
    expect(link.lineItems).toEqual([
      { name: 'Copay', unitAmountMinor: 10, quantity: 3 },
      { name: 'Lab', unitAmountMinor: 20, quantity: 1 },
    ]);
    expect(link.shortCode).toMatch(/^[a-z2-9]{15}$/);
    const session = await stripe.checkout.sessions.retrieve(link.stripeSessionId!);
    expect(session.client_reference_id).toBe(link.id);
    expect(session.amount_total).toBe(50);
    // Opaque ids only: no description or names in Stripe metadata.
    expect(session.metadata).toEqual({
      link_id: link.id,
      organization_id: demo.organizationId,
      link_type: 'CHECKOUT',
    });
    expect(JSON.stringify(session)).not.toContain('Office Visit');
    const items = await stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data.map((i) => i.description)).toEqual(['Copay', 'Lab']);
  });

  it('reuses the patient’s Stripe customer', async () => {
    const a = await create();
    const b = await create();
    expect(a.stripeCustomerId).toMatch(/^cus_/);
    expect(b.stripeCustomerId).toBe(a.stripeCustomerId);
  });

  it('names every bad field: amount/items disagreement, expiry bounds, another clinic’s patient', async () => {
    const mismatch = await createCheckoutLink(checkoutInput({ amount: 149.99 }), c.paymentDeps());
    expect(mismatch.ok).toBe(false);
    if (!mismatch.ok)
      expect(mismatch.error.fieldErrors.map((f) => f.field).sort()).toEqual(['amount', 'items']);

    for (const hours of [0, 721, 1.5]) {
      const bad = await createCheckoutLink(checkoutInput({ expiresInHours: hours }), c.paymentDeps());
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.fieldErrors.map((f) => f.field)).toContain('expiresIn');
    }
    const foreign = await createCheckoutLink(
      checkoutInput({ patientId: demo.otherOrganization.patientIds[0]! }),
      c.paymentDeps(),
    );
    expect(foreign.ok).toBe(false);
    if (!foreign.ok)
      expect(foreign.error.fieldErrors).toEqual([
        { field: 'patientId', message: 'No patient with this id in your organization' },
      ]);
    const currency = await createCheckoutLink(checkoutInput({ currency: 'XYZ' }), c.paymentDeps());
    expect(currency.ok).toBe(false);
  });

  it('queues one message and one send job per channel with the link; nothing is sent by creating it', async () => {
    // 10:00 in New York, the next such morning: inside texting hours, so the text is queued too.
    const morning = new Date();
    morning.setUTCHours(15, 0, 0, 0);
    if (morning.getTime() < Date.now()) morning.setUTCDate(morning.getUTCDate() + 1);
    c.clock.set(morning);
    const link = await create({ sendVia: ['email', 'sms'] });
    const messages = await c
      .scope()
      .em.execute<Array<{ id: string; channel: string; status: string }>>(
        `select id, channel, status from messages where link_id = ? order by channel`,
        [link.id],
      );
    expect(messages.map((m) => [m.channel, m.status])).toEqual([
      ['email', 'queued'],
      ['sms', 'queued'],
    ]);
    const jobs = await c
      .scope()
      .em.execute<Array<{ task_identifier: string; payload: { messageId: string } }>>(
        `select t.identifier as task_identifier, j.payload from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id where j.key in (?)`,
        [messages.map((m) => `message:${m.id}`)],
      );
    expect(jobs.map((j) => j.task_identifier)).toEqual(['send-message', 'send-message']);
    expect((await reload(link)).sentViaEmail).toBe(false);
  });
});

describe('opening a link', () => {
  it('redirects to the open session, and renews it when the link outlives it (a 30-hour-old link still pays)', async () => {
    const link = await create();
    const first = await openLink(link.shortCode, c.paymentDeps());
    expect(first).toMatchObject({ kind: 'redirect', url: link.stripeSessionUrl });

    c.clock.advance(30 * HOUR);
    const renewed = await openLink(link.shortCode, c.paymentDeps());
    expect(renewed.kind).toBe('redirect');
    const fresh = await reload(link);
    expect(fresh.stripeSessionId).not.toBe(link.stripeSessionId);
    if (renewed.kind !== 'redirect') return;
    expect(renewed.url).toBe(fresh.stripeSessionUrl);
    const old = await stripe.checkout.sessions.retrieve(link.stripeSessionId!);
    expect(old.status).toBe('expired');

    const paid = await submitCard(renewed.url, TEST_CARDS.success);
    expect(paid.status).toBe(303);
    await settle();
    expect((await reload(link)).status).toBe('COMPLETED');
  });

  it('makes exactly one new session for twenty concurrent first clicks', async () => {
    const link = await create();
    c.clock.advance(25 * HOUR); // the first session is gone
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => openLink(link.shortCode, c.paymentDeps())),
    );
    const urls = new Set(outcomes.map((o) => (o.kind === 'redirect' ? o.url : o.kind)));
    expect(urls.size).toBe(1);
    const fresh = await reload(link);
    expect(fresh.sessionCount).toBe(2);
    const sessions = await stripe.checkout.sessions.list({ limit: 100 });
    expect(sessions.data.filter((s) => s.client_reference_id === link.id)).toHaveLength(2);
  });

  it('never opens a payment page once the link is past its expiry', async () => {
    const link = await create({ expiresInHours: 2 });
    c.clock.advance(2 * HOUR + 1000);
    const outcome = await openLink(link.shortCode, c.paymentDeps());
    expect(outcome.kind).toBe('closed');
    const fresh = await reload(link);
    expect(fresh.status).toBe('EXPIRED');
    expect(fresh.sessionCount).toBe(1);
  });

  it('answers not_found for unknown or malformed codes', async () => {
    expect((await openLink('abcdefghjkmnpqr', c.paymentDeps())).kind).toBe('not_found');
    expect((await openLink('../../etc', c.paymentDeps())).kind).toBe('not_found');
  });
});

describe('payments through webhooks', () => {
  it('a declined card leaves the link ACTIVE with the failure recorded, then a good card pays it', async () => {
    const link = await create();
    const declined = await submitCard(link.stripeSessionUrl!, TEST_CARDS.declined);
    expect(declined.status).toBe(402); // the page re-renders with the decline; no redirect
    await settle();
    let fresh = await reload(link);
    expect(fresh.status).toBe('ACTIVE');
    expect(fresh.lastPaymentFailureCode).toBe('generic_decline');
    let payments = await c.paymentDeps().repos.payments.listByLink(link.organizationId, link.id);
    expect(payments.map((p) => p.status)).toEqual(['FAILED']);

    await submitCard(link.stripeSessionUrl!, TEST_CARDS.success);
    await settle();
    fresh = await reload(link);
    expect(fresh.status).toBe('COMPLETED');
    expect(fresh.receiptUrl).toMatch(/\/receipts\/ch_/);
    payments = await c.paymentDeps().repos.payments.listByLink(link.organizationId, link.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ status: 'SUCCEEDED', amountMinor: 15000 });
  });

  it('insufficient funds is recorded as such', async () => {
    const link = await create();
    await submitCard(link.stripeSessionUrl!, TEST_CARDS.insufficientFunds);
    await settle();
    expect((await reload(link)).lastPaymentFailureCode).toBe('insufficient_funds');
  });

  it('reaches the same final state whatever the order and however often events are delivered', async () => {
    const link = await create();
    receiver.received.length = 0;
    c.sandbox.setWebhookUrl(null); // collect the events without delivering them
    await submitCard(link.stripeSessionUrl!, TEST_CARDS.success);
    const paymentIntentId = (await stripe.checkout.sessions.retrieve(link.stripeSessionId!))
      .payment_intent as string;
    await stripe.refunds.create({ payment_intent: paymentIntentId, amount: 5000 });
    const events = c.sandbox
      .events()
      .filter((e) => JSON.stringify(e).includes(link.id) || JSON.stringify(e).includes(paymentIntentId));
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['checkout.session.completed', 'charge.refunded']),
    );

    const deliveries = events.flatMap((e) => Array.from({ length: 5 }, () => e));
    for (let i = deliveries.length - 1; i > 0; i -= 1) {
      const j = Math.floor(Math.random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    for (const event of deliveries) {
      const payload = JSON.stringify(event);
      const header = stripe.webhooks.generateTestHeaderString({
        payload,
        secret: c.config.stripe.webhookSecret,
      });
      const res = await fetch(receiver.url, {
        method: 'POST',
        body: payload,
        headers: { 'stripe-signature': header },
      });
      expect(res.status).toBe(200);
    }
    await receiver.drain();
    c.sandbox.setWebhookUrl(receiver.url);

    const fresh = await reload(link);
    expect(fresh.status).toBe('PARTIALLY_REFUNDED');
    expect(fresh.refundedMinor).toBe(5000);
    const payments = await c.paymentDeps().repos.payments.listByLink(link.organizationId, link.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      amountMinor: 15000,
      refundedMinor: 5000,
    });
    const stored = await c
      .scope()
      .em.execute<Array<{ n: string }>>(`select count(*) as n from webhook_events where event_id in (?)`, [
        events.map((e) => e.id),
      ]);
    expect(Number(stored[0]!.n)).toBe(events.length);
  });

  it('an expired-session event after payment changes nothing', async () => {
    const link = await create();
    await submitCard(link.stripeSessionUrl!, TEST_CARDS.success);
    await settle();
    const expiredEvent = {
      id: `evt_test_expired_${link.id}`,
      object: 'event',
      type: 'checkout.session.expired',
      data: {
        object: {
          id: link.stripeSessionId,
          object: 'checkout.session',
          client_reference_id: link.id,
          metadata: {},
        },
      },
    };
    const payload = JSON.stringify(expiredEvent);
    const header = stripe.webhooks.generateTestHeaderString({
      payload,
      secret: c.config.stripe.webhookSecret,
    });
    await fetch(receiver.url, { method: 'POST', body: payload, headers: { 'stripe-signature': header } });
    expect((await reload(link)).status).toBe('COMPLETED');
  });

  it('rejects a bad signature and a timestamp older than 300 s, storing nothing', async () => {
    const payload = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'checkout.session.completed',
      data: { object: {} },
    });
    const forged = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_wrong' });
    expect(
      (await fetch(receiver.url, { method: 'POST', body: payload, headers: { 'stripe-signature': forged } }))
        .status,
    ).toBe(400);
    const stale = stripe.webhooks.generateTestHeaderString({
      payload,
      secret: c.config.stripe.webhookSecret,
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(
      (await fetch(receiver.url, { method: 'POST', body: payload, headers: { 'stripe-signature': stale } }))
        .status,
    ).toBe(400);
    const rows = await c.scope().em.execute(`select 1 from webhook_events where event_id = 'evt_forged'`);
    expect(rows).toHaveLength(0);
  });
});

describe('card-update links', () => {
  it('saves the new card as the customer’s default and updates our card on file', async () => {
    const patientId = demo.patientIds[1]!;
    const result = await createCardUpdateLink(
      {
        organizationId: demo.organizationId,
        actor,
        createdByUserId: null,
        requestId: null,
        patientId,
        reason: 'Card expiring soon',
      },
      c.paymentDeps(),
    );
    if (!result.ok) throw result.error;
    const link = result.value.link;
    expect(link.type).toBe('CARD_UPDATE');
    expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBe(30 * 24 * HOUR);
    const session = await stripe.checkout.sessions.retrieve(link.stripeSessionId!);
    expect(session.mode).toBe('setup');

    const res = await submitCard(link.stripeSessionUrl!, TEST_CARDS.success, '07 / 31');
    expect(res.status).toBe(303);
    await settle();
    expect((await reload(link)).status).toBe('COMPLETED');
    const patient = await c.paymentDeps().repos.patients.findById(demo.organizationId, patientId);
    expect(patient).toMatchObject({
      cardBrand: 'visa',
      cardLast4: '4242',
      cardExpMonth: 7,
      cardExpYear: 2031,
    });
    const customer = (await stripe.customers.retrieve(link.stripeCustomerId!)) as Stripe.Customer;
    expect(customer.invoice_settings.default_payment_method).toBe(patient!.cardPaymentMethodId);
  });

  it('takes account-updater renewals: card on file updated, pending card-update links cancelled; sync reads Stripe', async () => {
    const patientId = demo.patientIds[4]!;
    const first = await createCardUpdateLink(
      { organizationId: demo.organizationId, actor, createdByUserId: null, requestId: null, patientId },
      c.paymentDeps(),
    );
    if (!first.ok) throw first.error;
    await submitCard(first.value.link.stripeSessionUrl!, TEST_CARDS.success, '01 / 27');
    await settle();
    const pending = await createCardUpdateLink(
      { organizationId: demo.organizationId, actor, createdByUserId: null, requestId: null, patientId },
      c.paymentDeps(),
    );
    if (!pending.ok) throw pending.error;
    const before = await c.paymentDeps().repos.patients.findById(demo.organizationId, patientId);

    const res = await fetch(
      `${c.sandbox.url}/_sandbox/payment_methods/${before!.cardPaymentMethodId}/automatically_update`,
      {
        method: 'POST',
        headers: {
          authorization: 'Bearer sk_test_sandbox',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'exp_month=9&exp_year=2030',
      },
    );
    expect(res.status).toBe(200);
    await settle();
    const after = await c.paymentDeps().repos.patients.findById(demo.organizationId, patientId);
    expect(after).toMatchObject({ cardExpMonth: 9, cardExpYear: 2030, cardLast4: '4242' });
    expect((await reload(pending.value.link)).status).toBe('CANCELLED');

    // Our copy drifts (e.g. edited by hand); sync brings back what Stripe holds.
    after!.cardExpYear = 2029;
    await c.paymentDeps().repos.patients.save(after!);
    const synced = await syncCardOnFile({ organizationId: demo.organizationId, patientId }, c.paymentDeps());
    expect(synced.ok && synced.value.cardExpYear).toBe(2030);
  });

  it('refuses a customer id that is not the patient’s', async () => {
    const result = await createCardUpdateLink(
      {
        organizationId: demo.organizationId,
        actor,
        createdByUserId: null,
        requestId: null,
        patientId: demo.patientIds[2]!,
        customerId: 'cus_someone_else',
      },
      c.paymentDeps(),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.fieldErrors[0]?.field).toBe('customerId');
  });
});

describe('managing links', () => {
  it('expires overdue links in the sweep: status, Stripe session, audit and provider notification', async () => {
    const link = await create({ expiresInHours: 1 });
    c.clock.advance(HOUR + 1);
    expect(await expireDueLinks(c.paymentDeps())).toBeGreaterThanOrEqual(1);
    expect((await reload(link)).status).toBe('EXPIRED');
    expect((await stripe.checkout.sessions.retrieve(link.stripeSessionId!)).status).toBe('expired');
    const audit = await c
      .scope()
      .em.execute(`select 1 from audit_log where action = 'link.expire' and entity_id = ?`, [link.id]);
    expect(audit).toHaveLength(1);
    const notes = await c.scope().em.execute(`select type from notifications where link_id = ?`, [link.id]);
    expect(notes).toEqual([{ type: 'link_expired' }]);
  });

  it('emails the provider a copy of the notice when they asked for it', async () => {
    const users = c.scope().users;
    const drLee = await users.unsafeFindByEmailForSignIn('dr.lee@riverside.example');
    drLee!.notifyByEmail = true;
    await users.save(drLee!);
    const link = await create({ expiresInHours: 1, providerId: '9a0b0000-0000-4000-8000-000000000001' });
    c.clock.advance(HOUR + 1);
    await expireDueLinks(c.paymentDeps());
    const jobs = await c
      .scope()
      .em.execute<
        Array<{ payload: { organizationId: string; userId: string; linkId: string; title: string } }>
      >(
        `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'notify-staff-email' and j.payload->>'linkId' = ?`,
        [link.id],
      );
    expect(jobs).toHaveLength(1);
    const deps = {
      users,
      organizations: c.scope().organizations,
      email: c.messagingDeps().senders.email,
      fromEmail: 'payments@clinicpay.local',
    };
    const payload = { ...jobs[0]!.payload, dashboardUrl: 'http://localhost:3000' };
    expect(await emailStaffNotice(payload, deps)).toBe('sent');
    const outbox = await c.devOutbox!.sent(demo.organizationId, 20);
    expect(outbox.find((m) => m.recipient === 'dr.lee@riverside.example')?.subject).toBe(
      'Riverside Family Clinic: A payment link expired unpaid',
    );
    drLee!.notifyByEmail = false;
    await users.save(drLee!);
    expect(await emailStaffNotice(payload, deps)).toBe('skipped');
  });

  it('cancels an unpaid link and closes its session, but never a paid one', async () => {
    const link = await create();
    const cancelled = await cancelLink(
      { organizationId: demo.organizationId, linkId: link.id, actor, requestId: null },
      c.paymentDeps(),
    );
    expect(cancelled.ok && cancelled.value.status).toBe('CANCELLED');
    expect((await stripe.checkout.sessions.retrieve(link.stripeSessionId!)).status).toBe('expired');

    const paid = await create();
    await submitCard(paid.stripeSessionUrl!, TEST_CARDS.success);
    await settle();
    const refused = await cancelLink(
      { organizationId: demo.organizationId, linkId: paid.id, actor, requestId: null },
      c.paymentDeps(),
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('CONFLICT');
    const other = await cancelLink(
      { organizationId: demo.otherOrganization.organizationId, linkId: link.id, actor, requestId: null },
      c.paymentDeps(),
    );
    expect(!other.ok && other.error.code).toBe('NOT_FOUND');
  });

  it('regenerates a fresh link from a cancelled one with the same amounts', async () => {
    const link = await create();
    await cancelLink(
      { organizationId: demo.organizationId, linkId: link.id, actor, requestId: null },
      c.paymentDeps(),
    );
    const again = await regenerateLink(
      { organizationId: demo.organizationId, linkId: link.id, actor, createdByUserId: null, requestId: null },
      c.paymentDeps(),
    );
    if (!again.ok) throw again.error;
    expect(again.value.link).toMatchObject({
      status: 'ACTIVE',
      amountMinor: 15000,
      regeneratedFromLinkId: link.id,
    });
    expect(again.value.link.lineItems).toEqual(link.lineItems);
    expect(again.value.link.shortCode).not.toBe(link.shortCode);
  });
});

describe('expiring cards', () => {
  it('previews, then creates card-update links for cards expiring this month or next, skipping pending ones', async () => {
    const preview = await scanExpiringCards(
      { organizationId: demo.organizationId, dryRun: true, actor, requestId: null },
      c.paymentDeps(),
    );
    if (!preview.ok) throw preview.error;
    const names = preview.value.map((p) => p.patientName);
    // Seeded cards: Jordan (this month), Priya and Beatrice (next month). Marcus (14 months) is not due.
    expect(names).toEqual(expect.arrayContaining(['Jordan Rivera', 'Beatrice Okafor']));
    expect(names).not.toContain('Marcus Chen');
    const linksBefore = await c
      .scope()
      .em.execute(`select 1 from payment_links where type = 'CARD_UPDATE' and organization_id = ?`, [
        demo.organizationId,
      ]);

    const run = await scanExpiringCards(
      { organizationId: demo.organizationId, dryRun: false, actor, requestId: null },
      c.paymentDeps(),
    );
    if (!run.ok) throw run.error;
    const sent = run.value.filter((r) => r.linkId);
    expect(sent.length).toBeGreaterThan(0);
    const linksAfter = await c
      .scope()
      .em.execute(`select 1 from payment_links where type = 'CARD_UPDATE' and organization_id = ?`, [
        demo.organizationId,
      ]);
    expect(linksAfter.length - linksBefore.length).toBe(sent.length);

    const again = await scanExpiringCards(
      { organizationId: demo.organizationId, dryRun: true, actor, requestId: null },
      c.paymentDeps(),
    );
    if (!again.ok) throw again.error;
    for (const r of again.value.filter((x) => sent.some((s) => s.patientId === x.patientId))) {
      expect(r).toMatchObject({ action: 'skip', reason: 'a card-update link is already pending' });
    }
  });
});
