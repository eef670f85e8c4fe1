// Stripe events that can never be applied (a payment intent already recorded for another link, an
// event without data, a link of another clinic, a payment intent Stripe does not know) are recorded
// as failed with their reason, once, instead of being retried; admins see their clinic's, the
// platform operator sees those whose clinic is unknown, and nobody sees another clinic's.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth } from '@clinicpay/api';
import { User, type PaymentLink } from '@clinicpay/domain';
import { processStripeEvent } from '@clinicpay/standins/testing';
import {
  createTestCheckoutLink,
  createTestContainer,
  deliverStripeEvent,
  sandboxStripe,
  startWebhookReceiver,
  submitCard,
  TEST_CARDS,
  type TestContainer,
  type WebhookReceiver,
} from '@clinicpay/standins/testing';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { callerFor } from './api-caller.ts';

let c: TestContainer;
let demo: DemoCredentials;
let receiver: WebhookReceiver;
let stripe: Stripe;

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

const newLink = (organizationId: string, patientId: string) =>
  createTestCheckoutLink(c, { organizationId, patientId, amount: 80 });

async function paidLink(): Promise<{ link: PaymentLink; paymentIntentId: string }> {
  const link = await newLink(demo.organizationId, demo.patientIds[0]!);
  await submitCard(link.stripeSessionUrl!, TEST_CARDS.success);
  await c.sandbox.idle();
  await receiver.drain();
  const session = await stripe.checkout.sessions.retrieve(link.stripeSessionId!);
  return { link, paymentIntentId: session.payment_intent as string };
}

/** A signed delivery through the real intake, then one processing attempt, as the job makes it. */
async function deliver(event: Record<string, unknown>): Promise<string> {
  const accepted = await deliverStripeEvent(c, event);
  if (accepted.status !== 'accepted') throw new Error(accepted.reason);
  try {
    return await processStripeEvent(c, accepted.eventId);
  } catch (error) {
    return `threw ${(error as Error).name}`;
  }
}

function completedEvent(id: string, link: PaymentLink, paymentIntent: string, organizationId?: string) {
  return {
    id,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: link.stripeSessionId,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        amount_total: 8000,
        payment_intent: paymentIntent,
        client_reference_id: link.id,
        metadata: { link_id: link.id, organization_id: organizationId ?? link.organizationId },
      },
    },
  };
}

async function row(eventId: string) {
  const [found] = await c
    .scope()
    .em.execute<
      Array<{ status: string; last_error: string | null; attempts: number; organization_id: string | null }>
    >(`select status, last_error, attempts, organization_id from webhook_events where event_id = ?`, [
      eventId,
    ]);
  return found;
}

async function reload(link: PaymentLink) {
  return c.paymentDeps().repos.links.findById(link.organizationId, link.id);
}

async function userAuth(email: string): Promise<Auth> {
  const user = await c.scope().users.unsafeFindByEmailForSignIn(email);
  if (!user) throw new Error(`no user ${email}`);
  return { kind: 'user', user, role: user.role, organizationId: user.organizationId };
}

describe('events that can never be applied', () => {
  it('one reusing another link’s payment intent fails once with its reason; neither link nor payment changes', async () => {
    const { link: paid, paymentIntentId } = await paidLink();
    const other = await newLink(demo.organizationId, demo.patientIds[1]!);
    expect(await deliver(completedEvent('evt_poison_reuse', other, paymentIntentId))).toBe('failed');
    expect(await row('evt_poison_reuse')).toMatchObject({
      status: 'failed',
      attempts: 1,
      organization_id: demo.organizationId,
      last_error: expect.stringContaining('already recorded for another link'),
    });
    expect((await reload(other))?.status).toBe('ACTIVE');
    const payments = await c.paymentDeps().repos.payments.listByLink(paid.organizationId, paid.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ linkId: paid.id, status: 'SUCCEEDED' });
    // Another clinic's link with that payment intent: refused the same way (it used to violate the
    // unique payment-intent constraint and be retried twenty times).
    const foreign = await newLink(
      demo.otherOrganization.organizationId,
      demo.otherOrganization.patientIds[0]!,
    );
    expect(await deliver(completedEvent('evt_poison_reuse_foreign', foreign, paymentIntentId))).toBe(
      'failed',
    );
    expect(await row('evt_poison_reuse_foreign')).toMatchObject({
      status: 'failed',
      organization_id: demo.otherOrganization.organizationId,
    });
    expect((await reload(foreign))?.status).toBe('ACTIVE');
  });

  it('one whose stored payload has no data fails once, naming what is missing', async () => {
    // The intake refuses such bodies now; rows stored before it did must still end.
    await c.transaction(async (scope) => {
      await scope.em.execute(
        `insert into webhook_events (provider, event_id, type, payload, received_at)
         values ('stripe', 'evt_poison_nodata', 'checkout.session.completed', ?::jsonb, now())`,
        [JSON.stringify({ id: 'evt_poison_nodata', type: 'checkout.session.completed' })],
      );
    });
    expect(await processStripeEvent(c, 'evt_poison_nodata')).toBe('failed');
    expect(await row('evt_poison_nodata')).toMatchObject({
      status: 'failed',
      organization_id: null,
      last_error: expect.stringContaining('data'),
    });
  });

  it('one naming a link of another clinic than its metadata says fails, with no clinic attached', async () => {
    const link = await newLink(demo.organizationId, demo.patientIds[2]!);
    const event = completedEvent(
      'evt_poison_tenant',
      link,
      'pi_poison_tenant',
      demo.otherOrganization.organizationId,
    );
    expect(await deliver(event)).toBe('failed');
    expect(await row('evt_poison_tenant')).toMatchObject({ status: 'failed', organization_id: null });
    expect((await reload(link))?.status).toBe('ACTIVE');
  });

  it('one whose payment intent Stripe does not know fails instead of waiting for it forever', async () => {
    const link = await newLink(demo.organizationId, demo.patientIds[3]!);
    expect(await deliver(completedEvent('evt_poison_unknown_pi', link, 'pi_does_not_exist'))).toBe('failed');
    expect(await row('evt_poison_unknown_pi')).toMatchObject({
      status: 'failed',
      organization_id: demo.organizationId,
      last_error: expect.stringContaining('resource_missing'),
    });
    expect((await reload(link))?.status).toBe('ACTIVE');
  });

  it.each([
    ['names no currency', 'evt_poison_no_currency', undefined, 'none'],
    ['names a currency we do not know', 'evt_poison_odd_currency', 'xyz', '"xyz"'],
  ])(
    'a payment failure that %s fails once with its reason, instead of being taken for dollars',
    async (_label, eventId, currency, sent) => {
      const link = await newLink(demo.organizationId, demo.patientIds[4]!);
      const paymentIntent = `pi_${eventId}`;
      const result = await deliver({
        id: eventId,
        object: 'event',
        type: 'payment_intent.payment_failed',
        created: Math.floor(Date.now() / 1000),
        data: {
          object: {
            id: paymentIntent,
            object: 'payment_intent',
            amount: 8000,
            ...(currency === undefined ? {} : { currency }),
            metadata: { link_id: link.id, organization_id: link.organizationId },
            last_payment_error: {
              code: 'card_declined',
              decline_code: 'generic_decline',
              message: 'Your card was declined.',
            },
          },
        },
      });
      expect(result).toBe('failed');
      expect(await row(eventId)).toMatchObject({
        status: 'failed',
        attempts: 1,
        organization_id: demo.organizationId,
        last_error: `payment intent ${paymentIntent} names no currency we know (it sent ${sent})`,
      });
      // Nothing about the link changed: no failure shown to staff, no payment row.
      const fresh = await reload(link);
      expect(fresh).toMatchObject({ status: 'ACTIVE', lastPaymentFailureCode: null });
      expect(await c.paymentDeps().repos.payments.listByLink(link.organizationId, link.id)).toEqual([]);
    },
  );

  it('an event of a type we do not handle is recorded as ignored and acknowledged, never as a failure', async () => {
    const result = await deliver({
      id: 'evt_not_ours',
      object: 'event',
      type: 'customer.subscription.created',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'sub_1', object: 'subscription' } },
    });
    expect(result).toBe('ignored');
    expect(await row('evt_not_ours')).toMatchObject({
      status: 'ignored',
      attempts: 1,
      organization_id: null,
      last_error: 'event type customer.subscription.created is not handled',
    });
  });

  it('a refund for a payment not recorded yet still waits and is retried (it may yet succeed)', async () => {
    const result = await deliver({
      id: 'evt_wait_refund',
      object: 'event',
      type: 'charge.refunded',
      data: { object: { id: 'ch_wait', object: 'charge', payment_intent: 'pi_wait', amount_refunded: 100 } },
    });
    expect(result).toBe('threw RetryLater');
    expect(await row('evt_wait_refund')).toMatchObject({ status: 'received', attempts: 1 });
  });
});

describe('who sees events that need attention', () => {
  it('an admin sees their clinic’s, never another clinic’s; staff and API keys are refused', async () => {
    const riverside = await callerFor(c, await userAuth('admin@riverside.example')).webhookEvents.problems(
      {},
    );
    const ids = riverside.items.map((e) => e.eventId);
    expect(ids).toEqual(expect.arrayContaining(['evt_poison_reuse', 'evt_poison_unknown_pi']));
    for (const foreign of ['evt_poison_reuse_foreign', 'evt_poison_nodata', 'evt_poison_tenant'])
      expect(ids).not.toContain(foreign);
    expect(riverside.items.find((e) => e.eventId === 'evt_poison_reuse')).toMatchObject({
      type: 'checkout.session.completed',
      state: 'failed',
      reason: expect.stringContaining('already recorded for another link'),
      attempts: 1,
    });

    const lakeside = await callerFor(c, await userAuth('admin@lakeside.example')).webhookEvents.problems({});
    expect(lakeside.items.map((e) => e.eventId)).toEqual(['evt_poison_reuse_foreign']);

    const provider = callerFor(c, await userAuth('dr.lee@riverside.example'));
    await expect(provider.webhookEvents.problems({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(provider.webhookEvents.unassigned({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = callerFor(c, await userAuth('admin@riverside.example'));
    await expect(admin.webhookEvents.unassigned({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the platform operator sees those whose clinic is unknown, including ones still being retried', async () => {
    const operator = User.create({
      id: c.ids.uuid(),
      organizationId: null,
      email: 'ops@platform.example',
      name: 'Platform Ops',
      role: 'SUPER_ADMIN',
      passwordHash: await c.passwords.hash('platform ops secret'),
      now: c.clock.now(),
    });
    await c.scope().users.save(operator);
    const caller = callerFor(c, { kind: 'user', user: operator, role: 'SUPER_ADMIN', organizationId: null });
    const unassigned = await caller.webhookEvents.unassigned({});
    expect(unassigned.items.map((e) => [e.eventId, e.state]).sort()).toEqual([
      ['evt_poison_nodata', 'failed'],
      ['evt_poison_tenant', 'failed'],
      ['evt_wait_refund', 'retrying'],
    ]);
  });
});
