// StripePaymentGateway with the real stripe SDK against the local sandbox: the port's contract
// (minor units, Results not exceptions, permanent vs transient errors) over real HTTP.
import type { CreateCheckoutSessionInput } from '@clinicpay/domain';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeSandbox, type StripeSandbox } from '@clinicpay/standins/stripe-sandbox';
import { classifyStripeError } from '../src/stripe/classify-error.ts';
import { createStripeClient } from '../src/stripe/stripe-client.ts';
import { StripePaymentGateway } from '../src/stripe/stripe-gateway.ts';
import { minorUnits } from '@clinicpay/domain';

let sandbox: StripeSandbox;
let gateway: StripePaymentGateway;
let keyCounter = 0;
const key = (label: string) => `${label}-${process.pid}-${++keyCounter}`;

beforeAll(async () => {
  sandbox = await startStripeSandbox({ webhookSecret: 'whsec_gateway' });
  gateway = new StripePaymentGateway({
    client: createStripeClient({
      secretKey: 'sk_test_gateway',
      apiBase: sandbox.url,
      timeoutMs: 5000,
      maxNetworkRetries: 0,
    }),
  });
});
afterAll(async () => {
  await sandbox.stop();
});

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

async function newCustomer() {
  return unwrap(
    await gateway.createCustomer({
      idempotencyKey: key('cus'),
      email: 'pat@example.com',
      name: 'Pat',
      metadata: { patient: 'p1' },
    }),
  ).customerId;
}

function paymentInput(
  customerId: string,
  overrides: Partial<CreateCheckoutSessionInput> = {},
): CreateCheckoutSessionInput {
  return {
    idempotencyKey: key('cs'),
    mode: 'payment',
    customerId,
    currency: 'USD',
    lineItems: [
      { name: 'Cleaning', unitAmountMinor: minorUnits(12000), quantity: 1 },
      { name: 'Fluoride', unitAmountMinor: minorUnits(1500), quantity: 2 },
    ],
    clientReferenceId: 'link_1',
    metadata: { linkId: 'link_1', organizationId: 'org_1' },
    successUrl: 'https://clinic.example/l/abc/done?session={CHECKOUT_SESSION_ID}',
    cancelUrl: 'https://clinic.example/l/abc',
    expiresAt: new Date(Date.now() + 2 * 3600 * 1000),
    ...overrides,
  };
}

function submitCard(url: string, number: string, expiry = '12 / 34') {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      card_number: number,
      card_expiry: expiry,
      card_cvc: '123',
      cardholder_name: 'Pat',
      postal_code: '10001',
    }),
  });
}

describe('StripePaymentGateway against the sandbox', () => {
  it('creates a customer and a payment session, then retrieves it', async () => {
    const customerId = await newCustomer();
    expect(customerId).toMatch(/^cus_/);
    const input = paymentInput(customerId);
    const created = unwrap(await gateway.createCheckoutSession(input));
    expect(created.url).toBe(`${sandbox.publicUrl}/checkout/${created.sessionId}`);
    expect(created.expiresAt.getTime()).toBe(Math.floor(input.expiresAt.getTime() / 1000) * 1000);
    const details = unwrap(await gateway.retrieveCheckoutSession(created.sessionId));
    expect(details).toEqual({
      sessionId: created.sessionId,
      status: 'open',
      paymentStatus: 'unpaid',
      mode: 'payment',
      url: created.url,
      expiresAt: created.expiresAt,
      customerId,
      clientReferenceId: 'link_1',
      paymentIntentId: null,
      setupIntentId: null,
      amountTotalMinor: 15000,
      currency: 'usd',
      metadata: { linkId: 'link_1', organizationId: 'org_1' },
    });
  });

  it('is idempotent: same key → same session; same key, other parameters → permanent error', async () => {
    const customerId = await newCustomer();
    const input = paymentInput(customerId);
    const first = unwrap(await gateway.createCheckoutSession(input));
    const second = unwrap(await gateway.createCheckoutSession(input));
    expect(second.sessionId).toBe(first.sessionId);
    const changed = await gateway.createCheckoutSession({ ...input, clientReferenceId: 'link_2' });
    expect(changed).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'permanent', code: 'idempotency_error' }),
    });

    const c1 = unwrap(await gateway.createCustomer({ idempotencyKey: 'same-customer-key', metadata: {} }));
    const c2 = unwrap(await gateway.createCustomer({ idempotencyKey: 'same-customer-key', metadata: {} }));
    expect(c2.customerId).toBe(c1.customerId);
  });

  it('creates setup sessions with the required currency', async () => {
    const customerId = await newCustomer();
    const created = unwrap(
      await gateway.createCheckoutSession(paymentInput(customerId, { mode: 'setup', lineItems: undefined })),
    );
    const details = unwrap(await gateway.retrieveCheckoutSession(created.sessionId));
    expect(details).toMatchObject({
      mode: 'setup',
      status: 'open',
      paymentStatus: 'no_payment_required',
      currency: 'usd',
      amountTotalMinor: null,
    });
    expect(details.setupIntentId).toMatch(/^seti_/);
    const intent = unwrap(await gateway.retrieveSetupIntent(details.setupIntentId!));
    expect(intent).toEqual({
      setupIntentId: details.setupIntentId,
      status: 'requires_payment_method',
      paymentMethodId: null,
      customerId,
      metadata: { linkId: 'link_1', organizationId: 'org_1' },
    });
  });

  it('rejects a payment session without line items before calling Stripe', async () => {
    const result = await gateway.createCheckoutSession(paymentInput('cus_x', { lineItems: [] }));
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'permanent', code: 'parameter_missing' }),
    });
  });

  it('expires an open session; expiring it again is a permanent error', async () => {
    const created = unwrap(await gateway.createCheckoutSession(paymentInput(await newCustomer())));
    expect(unwrap(await gateway.expireCheckoutSession(created.sessionId))).toEqual({
      sessionId: created.sessionId,
      status: 'expired',
    });
    expect(unwrap(await gateway.retrieveCheckoutSession(created.sessionId))).toMatchObject({
      status: 'expired',
      url: null,
    });
    const again = await gateway.expireCheckoutSession(created.sessionId);
    expect(again).toEqual({ ok: false, error: expect.objectContaining({ kind: 'permanent' }) });
  });

  it('a payment through the hosted page yields a charge with a receipt and a saved default card', async () => {
    const customerId = await newCustomer();
    const created = unwrap(await gateway.createCheckoutSession(paymentInput(customerId)));
    const response = await submitCard(created.url, '4242 4242 4242 4242', '08 / 31');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `https://clinic.example/l/abc/done?session=${created.sessionId}`,
    );

    const session = unwrap(await gateway.retrieveCheckoutSession(created.sessionId));
    expect(session).toMatchObject({ status: 'complete', paymentStatus: 'paid', url: null });
    const intent = unwrap(await gateway.retrievePaymentIntent(session.paymentIntentId!));
    expect(intent).toMatchObject({
      status: 'succeeded',
      amountMinor: 15000,
      currency: 'usd',
      metadata: { linkId: 'link_1', organizationId: 'org_1' },
      lastPaymentError: null,
    });
    const charge = unwrap(await gateway.retrieveCharge(intent.latestChargeId!));
    expect(charge).toEqual({
      chargeId: intent.latestChargeId,
      paymentIntentId: intent.paymentIntentId,
      amountMinor: 15000,
      amountRefundedMinor: 0,
      currency: 'usd',
      receiptUrl: `${sandbox.publicUrl}/receipts/${intent.latestChargeId}`,
      refunded: false,
      status: 'succeeded',
    });
    expect((await fetch(charge.receiptUrl!)).status).toBe(200);
    const methods = unwrap(await gateway.listPaymentMethods(customerId));
    expect(methods).toEqual([
      {
        paymentMethodId: expect.stringMatching(/^pm_/),
        brand: 'visa',
        last4: '4242',
        expMonth: 8,
        expYear: 2031,
        isDefault: true,
      },
    ]);
    const pm = unwrap(await gateway.retrievePaymentMethod(methods[0]!.paymentMethodId));
    expect(pm).toEqual({
      paymentMethodId: methods[0]!.paymentMethodId,
      brand: 'visa',
      last4: '4242',
      expMonth: 8,
      expYear: 2031,
      customerId,
    });
  });

  it('a declined card leaves last_payment_error on the PaymentIntent', async () => {
    const created = unwrap(await gateway.createCheckoutSession(paymentInput(await newCustomer())));
    expect((await submitCard(created.url, '4000 0000 0000 9995')).status).toBe(402);
    const session = unwrap(await gateway.retrieveCheckoutSession(created.sessionId));
    expect(session.status).toBe('open');
    const intent = unwrap(await gateway.retrievePaymentIntent(session.paymentIntentId!));
    expect(intent).toMatchObject({
      status: 'requires_payment_method',
      lastPaymentError: {
        code: 'card_declined',
        declineCode: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      },
    });
  });

  it('lists payment methods and changes the default', async () => {
    const customerId = await newCustomer();
    const paid = unwrap(await gateway.createCheckoutSession(paymentInput(customerId)));
    await submitCard(paid.url, '4242424242424242');
    const setup = unwrap(
      await gateway.createCheckoutSession(paymentInput(customerId, { mode: 'setup', lineItems: undefined })),
    );
    await submitCard(setup.url, '5555 5555 5555 4444', '02 / 30');
    const setupIntentId = unwrap(await gateway.retrieveCheckoutSession(setup.sessionId)).setupIntentId!;
    const setupIntent = unwrap(await gateway.retrieveSetupIntent(setupIntentId));
    expect(setupIntent).toMatchObject({ status: 'succeeded', customerId });

    const before = unwrap(await gateway.listPaymentMethods(customerId));
    expect(before.map((m) => [m.brand, m.last4, m.isDefault])).toEqual([
      ['mastercard', '4444', false],
      ['visa', '4242', true],
    ]);
    expect(before[0]!.paymentMethodId).toBe(setupIntent.paymentMethodId);
    expect(
      unwrap(await gateway.setDefaultPaymentMethod(customerId, before[0]!.paymentMethodId)),
    ).toBeUndefined();
    const after = unwrap(await gateway.listPaymentMethods(customerId));
    expect(after.map((m) => m.isDefault)).toEqual([true, false]);

    const foreign = await gateway.setDefaultPaymentMethod(await newCustomer(), before[1]!.paymentMethodId);
    expect(foreign).toEqual({ ok: false, error: expect.objectContaining({ kind: 'permanent' }) });
  });

  it('classifies a 404 as permanent and a stopped server as transient', async () => {
    expect(await gateway.retrieveCharge('ch_missing')).toEqual({
      ok: false,
      error: { kind: 'permanent', code: 'resource_missing', message: "No such charge: 'ch_missing'" },
    });
    const stopped = await startStripeSandbox({ webhookSecret: 'whsec_stopped' });
    const offline = new StripePaymentGateway({
      client: createStripeClient({
        secretKey: 'sk_test_x',
        apiBase: stopped.url,
        timeoutMs: 2000,
        maxNetworkRetries: 0,
      }),
    });
    await stopped.stop();
    const result = await offline.retrieveCheckoutSession('cs_test_whatever');
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'transient', code: 'connection_error' }),
    });
  });
});

describe('classifyStripeError', () => {
  const raw = { message: 'boom', code: 'some_code' };
  it.each([
    [
      new Stripe.errors.StripeCardError({ ...raw, code: 'card_declined', decline_code: 'lost_card' }),
      'permanent',
      'card_declined',
    ],
    [new Stripe.errors.StripeInvalidRequestError(raw), 'permanent', 'some_code'],
    [new Stripe.errors.StripeIdempotencyError({ message: 'boom' }), 'permanent', 'idempotency_error'],
    [new Stripe.errors.StripeAuthenticationError({ message: 'boom' }), 'permanent', 'authentication_error'],
    [new Stripe.errors.StripePermissionError({ message: 'boom' }), 'permanent', 'permission_error'],
    [new Stripe.errors.StripeRateLimitError({ message: 'boom' }), 'transient', 'rate_limit'],
    [new Stripe.errors.StripeConnectionError({ message: 'boom' }), 'transient', 'connection_error'],
    [new Stripe.errors.StripeAPIError({ message: 'boom', statusCode: 503 }), 'transient', 'api_error'],
    [
      new Stripe.errors.StripeAPIError({ ...raw, code: 'idempotency_key_in_use', statusCode: 409 }),
      'transient',
      'idempotency_key_in_use',
    ],
    [
      new Stripe.errors.StripeSignatureVerificationError('t=1,v1=x', '{}', { message: 'boom' }),
      'transient',
      'unknown',
    ],
    [new TypeError('boom'), 'transient', 'unknown'],
  ] as const)('%o → %s %s', (error, kind, code) => {
    expect(classifyStripeError(error)).toMatchObject({ kind, code });
  });

  it('carries the decline code of card errors', () => {
    const error = new Stripe.errors.StripeCardError({
      message: 'Your card was declined.',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
    });
    expect(classifyStripeError(error)).toEqual({
      kind: 'permanent',
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      message: 'Your card was declined.',
    });
  });
});

describe('createStripeClient', () => {
  it('refuses an apiBase with a path, which stripe-node could not honour', () => {
    expect(() =>
      createStripeClient({ secretKey: 'sk_test_x', apiBase: 'http://127.0.0.1:1234/stripe' }),
    ).toThrow(/path/);
  });
});
