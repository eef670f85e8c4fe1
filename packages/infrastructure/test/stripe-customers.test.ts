// A patient's Stripe customer that Stripe does not know (deleted there, or demo data made elsewhere)
// never blocks a link: a new customer is created, stored and used. And whatever the card processor
// answers, staff read what to do — never the processor's own message.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCardUpdateLink,
  createCheckoutLink,
  openLink,
  syncCardOnFile,
  type CreateCheckoutLinkInput,
} from '@clinicpay/domain';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { createStripeClient } from '../src/stripe/stripe-client.ts';
import { StripePaymentGateway } from '../src/stripe/stripe-gateway.ts';
import { startStripeSandbox } from '@clinicpay/standins/stripe-sandbox';
import { createTestContainer, sandboxStripe, type TestContainer } from '@clinicpay/standins/testing';

const HOUR = 3_600_000;
let c: TestContainer;
let demo: DemoCredentials;
let stripe: Stripe;

beforeAll(async () => {
  c = await createTestContainer({ now: new Date() });
  demo = await seedDemoData(c, undefined);
  stripe = sandboxStripe(c.sandbox);
});
afterAll(async () => {
  await c.dropDatabase();
});

const input = (
  patientId: string,
  overrides: Partial<CreateCheckoutLinkInput> = {},
): CreateCheckoutLinkInput => ({
  organizationId: demo.organizationId,
  actor: { type: 'system', name: 'test' },
  createdByUserId: null,
  requestId: null,
  patientId,
  amount: 45,
  ...overrides,
});

async function setCustomer(patientId: string, customerId: string | null) {
  await c
    .scope()
    .em.execute(`update patients set stripe_customer_id = ? where organization_id = ? and id = ?`, [
      customerId,
      demo.organizationId,
      patientId,
    ]);
}

const patient = (id: string) => c.paymentDeps().repos.patients.findById(demo.organizationId, id);

describe('a Stripe customer that Stripe does not know', () => {
  it('is replaced when a link is created: a new customer, stored on the patient, reused next time', async () => {
    const patientId = demo.patientIds[5]!;
    await setCustomer(patientId, 'cus_gen_0f3a9c2be1d84c55');
    const first = await createCheckoutLink(input(patientId), c.paymentDeps());
    if (!first.ok) throw first.error;
    const customerId = first.value.link.stripeCustomerId!;
    expect(customerId).toMatch(/^cus_/);
    expect(customerId).not.toBe('cus_gen_0f3a9c2be1d84c55');
    expect((await patient(patientId))?.stripeCustomerId).toBe(customerId);
    const session = await stripe.checkout.sessions.retrieve(first.value.link.stripeSessionId!);
    expect(session.customer).toBe(customerId);
    const customer = (await stripe.customers.retrieve(customerId)) as Stripe.Customer;
    expect(customer.metadata).toEqual({ patient_id: patientId, organization_id: demo.organizationId });

    const second = await createCheckoutLink(input(patientId), c.paymentDeps());
    if (!second.ok) throw second.error;
    expect(second.value.link.stripeCustomerId).toBe(customerId);
    // A card-update link goes the same way.
    const card = await createCardUpdateLink(
      { ...input(patientId), reason: 'Card expiring soon' },
      c.paymentDeps(),
    );
    expect(card.ok).toBe(true);
  });

  it('is replaced when a click renews the session of a link whose customer vanished', async () => {
    const patientId = demo.patientIds[6]!;
    const created = await createCheckoutLink(input(patientId), c.paymentDeps());
    if (!created.ok) throw created.error;
    const link = created.value.link;
    await setCustomer(patientId, 'cus_gen_deleted000000001');
    await c
      .scope()
      .em.execute(`update payment_links set stripe_customer_id = 'cus_gen_deleted000000001' where id = ?`, [
        link.id,
      ]);
    c.clock.advance(25 * HOUR); // the first session is over: the click makes a new one
    try {
      const opened = await openLink(link.shortCode, c.paymentDeps());
      expect(opened.kind).toBe('redirect');
      const fresh = await c.paymentDeps().repos.links.findById(demo.organizationId, link.id);
      expect(fresh?.stripeCustomerId).toMatch(/^cus_/);
      expect(fresh?.stripeCustomerId).not.toBe('cus_gen_deleted000000001');
      expect((await patient(patientId))?.stripeCustomerId).toBe(fresh?.stripeCustomerId);
    } finally {
      c.clock.set(new Date());
    }
  });

  it('gets one when a link made without any (imported history) is opened', async () => {
    const patientId = demo.patientIds[7]!;
    const created = await createCheckoutLink(input(patientId), c.paymentDeps());
    if (!created.ok) throw created.error;
    await setCustomer(patientId, null);
    await c
      .scope()
      .em.execute(
        `update payment_links set stripe_customer_id = null, stripe_session_url = null where id = ?`,
        [created.value.link.id],
      );
    const opened = await openLink(created.value.link.shortCode, c.paymentDeps());
    expect(opened.kind).toBe('redirect');
    expect((await patient(patientId))?.stripeCustomerId).toMatch(/^cus_/);
  });

  it('syncing the card says the payment profile was deleted, in words staff can act on', async () => {
    const patientId = demo.patientIds[8]!;
    await setCustomer(patientId, 'cus_gen_deleted000000002');
    const synced = await syncCardOnFile({ organizationId: demo.organizationId, patientId }, c.paymentDeps());
    expect(synced.ok).toBe(false);
    if (synced.ok) return;
    expect(synced.error.code).toBe('PROVIDER_PERMANENT');
    expect(synced.error.message).toContain('payment profile at Stripe was deleted');
    expect(synced.error.message).toContain('card-update link');
    expect(synced.error.message).not.toContain('No such customer');
    expect((await patient(patientId))?.stripeCustomerId).toMatch(/^cus_(?!gen_)/);
  });
});

describe('what staff read when the card processor says no', () => {
  it('an amount below Stripe’s minimum names the amount and the fix, not Stripe’s sentence', async () => {
    const result = await createCheckoutLink(input(demo.patientIds[0]!, { amount: 0.1 }), c.paymentDeps());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('PROVIDER_PERMANENT');
    expect(result.error.message).toMatch(/below the smallest amount the card processor accepts/);
    expect(result.error.message).not.toContain('Checkout Session');
    expect(result.error.fieldErrors.map((f) => f.field)).toEqual(['amount']);
  });

  it('an unreachable processor says to try again in a minute; the raw failure goes to the log only', async () => {
    const stopped = await startStripeSandbox({ webhookSecret: 'whsec_stopped' });
    await stopped.stop();
    const failures: Array<Record<string, unknown>> = [];
    const offline = new StripePaymentGateway({
      client: createStripeClient({ secretKey: 'sk_test_x', apiBase: stopped.url, maxNetworkRetries: 0 }),
      onFailure: (failure) => failures.push(failure),
    });
    const patientId = demo.patientIds[9] ?? demo.patientIds[0]!;
    await setCustomer(patientId, null);
    const result = await createCheckoutLink(input(patientId), { ...c.paymentDeps(), gateway: offline });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('PROVIDER_TRANSIENT');
    expect(result.error.message).toBe(
      'The card processor is not reachable right now. Nothing was created; try again in a minute.',
    );
    expect(failures).toEqual([
      expect.objectContaining({ operation: 'createCustomer', kind: 'transient', code: 'connection_error' }),
    ]);
    expect(String(failures[0]!.message)).toMatch(/connection/i);
  });
});
