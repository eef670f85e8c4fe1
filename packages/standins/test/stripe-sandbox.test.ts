// The local Stripe sandbox driven by the real stripe SDK: one block per endpoint family, plus the
// protocol rules (auth, error envelope, idempotency, pagination, expand) a Stripe client relies on.
import http from 'node:http';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStripeSandbox, type StripeSandbox } from '../src/stripe-sandbox/index.ts';

const START = new Date('2026-03-15T15:00:00Z');
let now = START;
let sandbox: StripeSandbox;
let stripe: Stripe;

function clientFor(url: string, key = 'sk_test_sandbox'): Stripe {
  const api = new URL(url);
  return new Stripe(key, {
    host: api.hostname,
    port: Number(api.port),
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
}

beforeEach(async () => {
  now = START;
  sandbox = await startStripeSandbox({ webhookSecret: 'whsec_test', now: () => now });
  stripe = clientFor(sandbox.url);
});
afterEach(async () => {
  await sandbox.stop();
});

const nowSeconds = () => Math.floor(now.getTime() / 1000);

async function caught(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

function paymentSession(customer: string, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({
    mode: 'payment',
    customer,
    line_items: [
      {
        price_data: { currency: 'usd', unit_amount: 15000, product_data: { name: 'Dental cleaning' } },
        quantity: 1,
      },
    ],
    success_url: 'https://clinic.example/paid?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://clinic.example/cancelled',
    payment_intent_data: { setup_future_usage: 'off_session', metadata: { link: 'lnk_1' } },
    metadata: { link: 'lnk_1' },
    client_reference_id: 'lnk_1',
    ...extra,
  });
}

function submitCard(url: string, number: string, expiry = '12 / 34') {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      card_number: number,
      card_expiry: expiry,
      card_cvc: '123',
      cardholder_name: 'Pat Patient',
      postal_code: '10001',
    }),
  });
}

async function rawApi(path: string, init: RequestInit = {}) {
  const response = await fetch(`${sandbox.url}${path}`, init);
  return {
    response,
    body: (await response.json()) as { error?: Record<string, unknown> } & Record<string, unknown>,
  };
}

describe('protocol', () => {
  it('answers 401 with Stripe’s error envelope when the key is missing or not a test key', async () => {
    const missing = await rawApi('/v1/customers');
    expect(missing.response.status).toBe(401);
    expect(missing.response.headers.get('request-id')).toMatch(/^req_/);
    expect(missing.body.error).toMatchObject({ type: 'invalid_request_error' });
    expect(String(missing.body.error?.message)).toContain('You did not provide an API key');

    const live = await caught(clientFor(sandbox.url, 'sk_live_abcdefghijkl').customers.create({}));
    expect(live).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(live.statusCode).toBe(401);

    const basic = await rawApi('/v1/customers', {
      headers: { authorization: `Basic ${Buffer.from('sk_test_basic:').toString('base64')}` },
    });
    expect(basic.response.status).toBe(200);
    expect(basic.body).toMatchObject({ object: 'list', data: [], has_more: false, url: '/v1/customers' });
  });

  it('rejects unknown parameters and malformed integers like Stripe, with param, code and doc_url', async () => {
    const unknown = await caught(stripe.rawRequest('POST', '/v1/customers', { emial: 'x@example.com' }));
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(unknown).toMatchObject({
      statusCode: 400,
      code: 'parameter_unknown',
      param: 'emial',
      message: 'Received unknown parameter: emial',
      doc_url: 'https://stripe.com/docs/error-codes/parameter-unknown',
    });
    expect(unknown.requestId).toMatch(/^req_/);

    const nested = await caught(
      stripe.rawRequest('POST', '/v1/checkout/sessions', {
        mode: 'payment',
        line_items: [
          { price_data: { currency: 'usd', unit_amount: 'ten', product_data: { name: 'x' } }, quantity: 1 },
        ],
      }),
    );
    expect(nested).toMatchObject({
      code: 'parameter_invalid_integer',
      param: 'line_items[0][price_data][unit_amount]',
    });

    const notSimulated = await caught(stripe.rawRequest('POST', '/v1/customers', { tax_exempt: 'exempt' }));
    expect(notSimulated).toMatchObject({ code: 'parameter_unknown', param: 'tax_exempt' });
    expect(notSimulated.message).toContain('not simulated by the local Stripe sandbox');
  });

  it('answers 404 resource_missing for unknown ids and unknown URLs', async () => {
    const missing = await caught(stripe.customers.retrieve('cus_nope'));
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such customer: 'cus_nope'",
    });
    const url = await rawApi('/v1/nothing_here', { headers: { authorization: 'Bearer sk_test_x' } });
    expect(url.response.status).toBe(404);
    expect(String(url.body.error?.message)).toContain('Unrecognized request URL (GET: /v1/nothing_here)');
  });

  it('accepts expand[]= as well as indexed expand[0]=', async () => {
    const customer = await stripe.customers.create({ email: 'pat@example.com' });
    const session = await paymentSession(customer.id);
    const res = await rawApi(`/v1/checkout/sessions/${session.id}?expand[]=customer&expand[]=line_items`, {
      headers: { authorization: 'Bearer sk_test_x' },
    });
    expect(res.body.customer).toMatchObject({ id: customer.id, object: 'customer' });
    expect(res.body.line_items).toMatchObject({ object: 'list', data: [{ object: 'item', quantity: 1 }] });
    const bad = await caught(stripe.checkout.sessions.retrieve(session.id, { expand: ['currency'] }));
    expect(bad.message).toBe('This property cannot be expanded (currency).');
  });
});

describe('idempotency', () => {
  it('replays the stored response for the same key and parameters', async () => {
    const first = await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'key-1' });
    const second = await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'key-1' });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await stripe.customers.list()).data).toHaveLength(1);
  });

  it('rejects the same key with different parameters as idempotency_error', async () => {
    await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'key-2' });
    const error = await caught(
      stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'key-2' }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.statusCode).toBe(400);
    expect(error.rawType).toBe('idempotency_error');
  });

  it('stores nothing when validation failed, and replays errors once execution began', async () => {
    const invalid = await caught(
      stripe.customers.create({ email: 'not-an-email' }, { idempotencyKey: 'key-3' }),
    );
    expect(invalid.code).toBe('email_invalid');
    const valid = await stripe.customers.create({ email: 'ok@example.com' }, { idempotencyKey: 'key-3' });
    expect(valid.email).toBe('ok@example.com');

    const gone = () => stripe.checkout.sessions.expire('cs_test_missing', {}, { idempotencyKey: 'key-4' });
    const first = await caught(gone());
    const replayed = await caught(gone());
    expect(first.code).toBe('resource_missing');
    expect(replayed.headers?.['idempotent-replayed']).toBe('true');
  });

  it('forgets keys after 24 hours', async () => {
    const first = await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'key-5' });
    now = new Date(START.getTime() + 24 * 3600 * 1000 + 1000);
    const second = await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'key-5' });
    expect(second.id).not.toBe(first.id);
  });

  it('answers 409 to a duplicate sent while the first request is still executing', async () => {
    const api = new URL(sandbox.url);
    const body = 'email=slow%40example.com';
    const slow = http.request({
      host: api.hostname,
      port: Number(api.port),
      path: '/v1/customers',
      method: 'POST',
      headers: {
        // Same key as the SDK client: idempotency keys are scoped to the API key.
        authorization: 'Bearer sk_test_sandbox',
        'idempotency-key': 'key-6',
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
      },
    });
    const slowResponse = new Promise<number>((resolve, reject) => {
      slow.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      slow.on('error', reject);
    });
    slow.flushHeaders();
    slow.write(body.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const duplicate = await caught(
      stripe.customers.create({ email: 'slow@example.com' }, { idempotencyKey: 'key-6' }),
    );
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.code).toBe('idempotency_key_in_use');
    slow.end(body.slice(10));
    expect(await slowResponse).toBe(200);
  });
});

describe('customers', () => {
  it('creates, retrieves and updates, merging metadata', async () => {
    const created = await stripe.customers.create({
      email: 'pat@example.com',
      name: 'Pat',
      phone: '+15555550100',
      metadata: { patient: 'p1', clinic: 'c1' },
    });
    expect(created).toMatchObject({ object: 'customer', livemode: false, created: nowSeconds(), balance: 0 });
    expect(created.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    const updated = await stripe.customers.update(created.id, {
      name: 'Pat P.',
      phone: '',
      metadata: { clinic: '', extra: 'yes' },
    });
    expect(updated).toMatchObject({ name: 'Pat P.', phone: null, metadata: { patient: 'p1', extra: 'yes' } });
    expect(((await stripe.customers.retrieve(created.id)) as Stripe.Customer).metadata).toEqual({
      patient: 'p1',
      extra: 'yes',
    });
  });

  it('only accepts an attached PaymentMethod as invoice_settings[default_payment_method]', async () => {
    const customer = await stripe.customers.create({});
    const other = await stripe.customers.create({});
    const session = await paymentSession(other.id);
    await submitCard(session.url!, '4242424242424242');
    const [pm] = (await stripe.customers.listPaymentMethods(other.id)).data;
    const error = await caught(
      stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm!.id } }),
    );
    expect(error).toMatchObject({ statusCode: 400, param: 'invoice_settings[default_payment_method]' });
  });
});

describe('pagination', () => {
  it('pages newest first with limit, starting_after and ending_before', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await stripe.customers.create({ name: `c${i}` })).id);
    const newest = [...ids].reverse();
    const page1 = await stripe.customers.list({ limit: 2 });
    expect(page1.data.map((c) => c.id)).toEqual(newest.slice(0, 2));
    expect(page1.has_more).toBe(true);
    const page2 = await stripe.customers.list({ limit: 2, starting_after: newest[1] });
    expect(page2.data.map((c) => c.id)).toEqual(newest.slice(2, 4));
    const last = await stripe.customers.list({ limit: 2, starting_after: newest[3] });
    expect(last.data.map((c) => c.id)).toEqual([newest[4]]);
    expect(last.has_more).toBe(false);
    const back = await stripe.customers.list({ limit: 2, ending_before: newest[4] });
    expect(back.data.map((c) => c.id)).toEqual(newest.slice(2, 4));
    expect(back.has_more).toBe(true);
    expect((await stripe.customers.list()).data).toHaveLength(5);
    const all = await stripe.customers.list({ limit: 1 }).autoPagingToArray({ limit: 10 });
    expect(all.map((c) => c.id)).toEqual(newest);

    expect((await caught(stripe.customers.list({ limit: 101 }))).param).toBe('limit');
    expect((await caught(stripe.customers.list({ limit: 0 }))).param).toBe('limit');
    expect((await caught(stripe.customers.list({ starting_after: 'cus_gone' }))).code).toBe(
      'resource_missing',
    );
  });
});

describe('checkout sessions', () => {
  it('creates a payment session shaped like Stripe’s', async () => {
    const customer = await stripe.customers.create({ email: 'pat@example.com' });
    const session = await paymentSession(customer.id, { expires_at: nowSeconds() + 3600, locale: 'en' });
    expect(session.id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 15000,
      amount_subtotal: 15000,
      currency: 'usd',
      customer: customer.id,
      client_reference_id: 'lnk_1',
      metadata: { link: 'lnk_1' },
      payment_intent: null,
      setup_intent: null,
      expires_at: nowSeconds() + 3600,
      payment_method_types: ['card'],
      url: `${sandbox.publicUrl}/checkout/${session.id}`,
      ui_mode: 'hosted_page',
      livemode: false,
    });
    const items = await stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data).toEqual([
      expect.objectContaining({
        object: 'item',
        description: 'Dental cleaning',
        amount_total: 15000,
        quantity: 1,
        price: expect.objectContaining({
          object: 'price',
          unit_amount: 15000,
          currency: 'usd',
          type: 'one_time',
        }),
      }),
    ]);
  });

  it('rejects payment_method_types (removed in endive) and other API-version traps', async () => {
    const customer = await stripe.customers.create({});
    const pmt = await caught(
      stripe.rawRequest('POST', '/v1/checkout/sessions', {
        mode: 'setup',
        currency: 'usd',
        customer: customer.id,
        payment_method_types: ['card'],
      }),
    );
    expect(pmt).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'payment_method_types' });

    const noCurrency = await caught(
      stripe.checkout.sessions.create({ mode: 'setup', customer: customer.id }),
    );
    expect(noCurrency).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'currency' });

    const tooSoon = await caught(paymentSession(customer.id, { expires_at: nowSeconds() + 29 * 60 }));
    expect(tooSoon).toMatchObject({ statusCode: 400, param: 'expires_at' });
    const tooLate = await caught(paymentSession(customer.id, { expires_at: nowSeconds() + 24 * 3600 + 60 }));
    expect(tooLate).toMatchObject({ statusCode: 400, param: 'expires_at' });
    expect((await paymentSession(customer.id, { expires_at: nowSeconds() + 30 * 60 })).status).toBe('open');

    const noItems = await caught(stripe.checkout.sessions.create({ mode: 'payment', customer: customer.id }));
    expect(noItems).toMatchObject({ code: 'parameter_missing', param: 'line_items' });
    const noMode = await caught(stripe.checkout.sessions.create({ customer: customer.id, currency: 'usd' }));
    expect(noMode).toMatchObject({ code: 'parameter_missing', param: 'mode' });
    const tiny = await caught(
      stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [
          { price_data: { currency: 'usd', unit_amount: 10, product_data: { name: 'x' } }, quantity: 1 },
        ],
      }),
    );
    expect(tiny).toMatchObject({ code: 'amount_too_small' });
    const unknownCustomer = await caught(paymentSession('cus_missing'));
    expect(unknownCustomer).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'customer' });
  });

  it('creates a setup session with its SetupIntent', async () => {
    const customer = await stripe.customers.create({});
    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      currency: 'usd',
      customer: customer.id,
      success_url: 'https://clinic.example/saved',
      setup_intent_data: { metadata: { link: 'lnk_2' } },
    });
    expect(session).toMatchObject({
      mode: 'setup',
      payment_status: 'no_payment_required',
      amount_total: null,
      currency: 'usd',
      status: 'open',
    });
    const intent = await stripe.setupIntents.retrieve(session.setup_intent as string);
    expect(intent).toMatchObject({
      object: 'setup_intent',
      status: 'requires_payment_method',
      customer: customer.id,
      metadata: { link: 'lnk_2' },
      usage: 'off_session',
    });
  });

  it('lists sessions with customer, payment_intent and status filters', async () => {
    const a = await stripe.customers.create({});
    const b = await stripe.customers.create({});
    const s1 = await paymentSession(a.id);
    await paymentSession(b.id);
    await submitCard(s1.url!, '4242424242424242');
    const paid = await stripe.checkout.sessions.retrieve(s1.id);
    expect((await stripe.checkout.sessions.list({ customer: a.id })).data.map((s) => s.id)).toEqual([s1.id]);
    const byIntent = await stripe.checkout.sessions.list({ payment_intent: paid.payment_intent as string });
    expect(byIntent.data.map((s) => s.id)).toEqual([s1.id]);
    expect((await stripe.checkout.sessions.list({ status: 'open' })).data).toHaveLength(1);
  });

  it('expires only open sessions', async () => {
    const customer = await stripe.customers.create({});
    const session = await paymentSession(customer.id);
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: 'expired', url: null });
    const again = await caught(stripe.checkout.sessions.expire(session.id));
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again.statusCode).toBe(400);
    expect(sandbox.events().map((e) => e.type)).toEqual(['checkout.session.expired']);
  });

  it('expires sessions when the clock passes expires_at', async () => {
    const customer = await stripe.customers.create({});
    const session = await paymentSession(customer.id, { expires_at: nowSeconds() + 31 * 60 });
    now = new Date(START.getTime() + 30 * 60 * 1000);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    now = new Date(START.getTime() + 31 * 60 * 1000);
    sandbox.sweepExpiredSessions();
    const retrieved = await stripe.checkout.sessions.retrieve(session.id);
    expect(retrieved).toMatchObject({ status: 'expired', url: null });
    const [event] = sandbox.events();
    expect(event).toMatchObject({ type: 'checkout.session.expired', data: { object: { id: session.id } } });
    const page = await fetch(session.url!);
    expect(await page.text()).toContain('expired');
  });
});

describe('paying on the hosted page', () => {
  it('success: PaymentIntent, Charge, saved default card, events in order, redirect', async () => {
    const customer = await stripe.customers.create({ email: 'pat@example.com' });
    const session = await paymentSession(customer.id);
    const response = await submitCard(session.url!, '4242 4242 4242 4242');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`https://clinic.example/paid?session=${session.id}`);

    const paid = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['payment_intent.latest_charge'],
    });
    expect(paid).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      url: null,
      amount_total: 15000,
    });
    expect(paid.customer_details).toMatchObject({ email: 'pat@example.com', name: 'Pat Patient' });
    const intent = paid.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount: 15000,
      amount_received: 15000,
      currency: 'usd',
      customer: customer.id,
      setup_future_usage: 'off_session',
      metadata: { link: 'lnk_1' },
    });
    const charge = intent.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({
      status: 'succeeded',
      paid: true,
      captured: true,
      amount: 15000,
      payment_intent: intent.id,
      receipt_url: `${sandbox.publicUrl}/receipts/${charge.id}`,
      payment_method_details: {
        type: 'card',
        card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 },
      },
    });
    const receipt = await fetch(charge.receipt_url!);
    expect(receipt.status).toBe(200);
    expect(await receipt.text()).toContain('$150.00');

    const refreshed = await stripe.customers.retrieve(customer.id, {
      expand: ['invoice_settings.default_payment_method'],
    });
    const defaultPm = (refreshed as Stripe.Customer).invoice_settings
      .default_payment_method as Stripe.PaymentMethod;
    expect(defaultPm).toMatchObject({
      id: intent.payment_method,
      customer: customer.id,
      card: { last4: '4242' },
    });
    expect(sandbox.events().map((e) => e.type)).toEqual([
      'payment_intent.succeeded',
      'charge.succeeded',
      'checkout.session.completed',
    ]);
    expect((await stripe.charges.list({ payment_intent: intent.id })).data.map((c) => c.id)).toEqual([
      charge.id,
    ]);
    expect((await stripe.paymentIntents.list({ customer: customer.id })).data.map((p) => p.id)).toEqual([
      intent.id,
    ]);

    const after = await fetch(session.url!);
    const html = await after.text();
    expect(html).toContain('complete');
    expect(html).not.toContain('<form');
  });

  it('decline: the PaymentIntent records the error, the session stays open, another card works', async () => {
    const customer = await stripe.customers.create({});
    const session = await paymentSession(customer.id);
    const declined = await submitCard(session.url!, '4000 0000 0000 9995');
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card has insufficient funds.');

    const open = await stripe.checkout.sessions.retrieve(session.id);
    expect(open.status).toBe('open');
    const intent = await stripe.paymentIntents.retrieve(open.payment_intent as string);
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.last_payment_error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
    });
    const [failed] = sandbox.events();
    expect(failed).toMatchObject({
      type: 'payment_intent.payment_failed',
      data: { object: { id: intent.id, metadata: { link: 'lnk_1' } } },
    });

    const generic = await submitCard(session.url!, '4000000000000002');
    expect(await generic.text()).toContain('Your card was declined.');
    expect((await stripe.paymentIntents.retrieve(intent.id)).last_payment_error?.decline_code).toBe(
      'generic_decline',
    );

    expect((await submitCard(session.url!, '4242424242424242')).status).toBe(303);
    const paid = await stripe.paymentIntents.retrieve(intent.id);
    expect(paid).toMatchObject({ status: 'succeeded', last_payment_error: null });
  });

  it('invalid input records nothing and says what is wrong', async () => {
    const customer = await stripe.customers.create({});
    const session = await paymentSession(customer.id);
    const luhn = await submitCard(session.url!, '4242 4242 4242 4241');
    expect(luhn.status).toBe(400);
    expect(await luhn.text()).toContain('Your card number is invalid.');
    const past = await submitCard(session.url!, '4242424242424242', '01 / 25');
    expect(await past.text()).toContain("Your card's expiration year is in the past.");
    const lastMonth = await submitCard(session.url!, '4242424242424242', '02 / 26');
    expect(await lastMonth.text()).toContain("Your card's expiration month is in the past.");
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_intent).toBeNull();
    expect(sandbox.events()).toEqual([]);
  });

  it('detects the brand and keeps the expiry on the saved card', async () => {
    const customer = await stripe.customers.create({});
    const brands: Record<string, string> = {
      '5555555555554444': 'mastercard',
      '378282246310005': 'amex',
      '6011111111111117': 'discover',
    };
    for (const [number, brand] of Object.entries(brands)) {
      const session = await paymentSession(customer.id);
      const response = await fetch(session.url!, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({
          card_number: number,
          card_expiry: '07/2031',
          card_cvc: brand === 'amex' ? '1234' : '123',
          cardholder_name: 'Pat',
          postal_code: '94107',
        }),
      });
      expect(response.status).toBe(303);
      const intent = await stripe.paymentIntents.retrieve(
        (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string,
      );
      const pm = await stripe.paymentMethods.retrieve(intent.payment_method as string);
      expect(pm.card).toMatchObject({ brand, exp_month: 7, exp_year: 2031, last4: number.slice(-4) });
    }
  });

  it('setup mode: SetupIntent succeeds, card attached but not made default', async () => {
    const customer = await stripe.customers.create({});
    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      currency: 'usd',
      customer: customer.id,
      success_url: 'https://clinic.example/saved/{CHECKOUT_SESSION_ID}',
    });
    const response = await submitCard(session.url!, '4242424242424242', '03 / 29');
    expect(response.headers.get('location')).toBe(`https://clinic.example/saved/${session.id}`);
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent'] });
    expect(done).toMatchObject({
      status: 'complete',
      payment_status: 'no_payment_required',
      payment_intent: null,
    });
    const intent = done.setup_intent as Stripe.SetupIntent;
    expect(intent).toMatchObject({ status: 'succeeded', customer: customer.id });
    const pm = await stripe.paymentMethods.retrieve(intent.payment_method as string);
    expect(pm).toMatchObject({ customer: customer.id, card: { exp_month: 3, exp_year: 2029 } });
    const refreshed = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(refreshed.invoice_settings.default_payment_method).toBeNull();
    expect(sandbox.events().map((e) => e.type)).toEqual([
      'setup_intent.succeeded',
      'checkout.session.completed',
    ]);
  });
});

describe('payment methods', () => {
  it('lists, attaches, detaches; detaching the default clears it', async () => {
    const customer = await stripe.customers.create({});
    for (const number of ['4242424242424242', '5555555555554444']) {
      const session = await paymentSession(customer.id);
      await submitCard(session.url!, number);
    }
    const viaCustomer = await stripe.customers.listPaymentMethods(customer.id, { type: 'card' });
    const viaQuery = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(viaCustomer.data.map((pm) => pm.card?.last4)).toEqual(['4444', '4242']);
    expect(viaQuery.data.map((pm) => pm.id)).toEqual(viaCustomer.data.map((pm) => pm.id));
    const [latest, older] = viaCustomer.data;
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: older!.id } });

    const detached = await stripe.paymentMethods.detach(older!.id);
    expect(detached.customer).toBeNull();
    const refreshed = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(refreshed.invoice_settings.default_payment_method).toBeNull();
    expect((await caught(stripe.paymentMethods.detach(older!.id))).statusCode).toBe(400);

    const other = await stripe.customers.create({});
    expect((await caught(stripe.paymentMethods.attach(latest!.id, { customer: other.id }))).statusCode).toBe(
      400,
    );
    const reattached = await stripe.paymentMethods.attach(older!.id, { customer: other.id });
    expect(reattached.customer).toBe(other.id);
    expect((await stripe.customers.listPaymentMethods(other.id)).data.map((pm) => pm.id)).toEqual([
      older!.id,
    ]);
  });

  it('simulates the card account updater through the sandbox helper', async () => {
    const customer = await stripe.customers.create({});
    const session = await paymentSession(customer.id);
    await submitCard(session.url!, '4242424242424242', '01 / 27');
    const [pm] = (await stripe.customers.listPaymentMethods(customer.id)).data;
    const updated = (await stripe.rawRequest(
      'POST',
      `/_sandbox/payment_methods/${pm!.id}/automatically_update`,
      {
        exp_month: 9,
        exp_year: 2031,
        last4: '1881',
      },
    )) as Stripe.PaymentMethod;
    expect(updated.card).toMatchObject({ exp_month: 9, exp_year: 2031, last4: '1881' });
    const event = sandbox.events().at(-1);
    expect(event).toMatchObject({
      type: 'payment_method.automatically_updated',
      data: { object: { id: pm!.id, card: { exp_month: 9, exp_year: 2031 } } },
    });
    const apiEvent = await stripe.events.retrieve(event!.id);
    expect(apiEvent.data.previous_attributes).toEqual({
      card: { exp_month: 1, exp_year: 2027, last4: '4242' },
    });
  });
});

describe('refunds', () => {
  it('accumulates partial refunds on the charge and emits charge.refunded + refund.created', async () => {
    const customer = await stripe.customers.create({});
    const session = await paymentSession(customer.id);
    await submitCard(session.url!, '4242424242424242');
    const intentId = (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
    const chargeId = (await stripe.paymentIntents.retrieve(intentId)).latest_charge as string;

    const first = await stripe.refunds.create({ payment_intent: intentId, amount: 5000 });
    expect(first).toMatchObject({
      object: 'refund',
      amount: 5000,
      charge: chargeId,
      payment_intent: intentId,
      status: 'succeeded',
    });
    expect(await stripe.charges.retrieve(chargeId)).toMatchObject({ amount_refunded: 5000, refunded: false });
    const tooMuch = await caught(stripe.refunds.create({ charge: chargeId, amount: 10001 }));
    expect(tooMuch).toMatchObject({ statusCode: 400, param: 'amount' });
    const rest = await stripe.refunds.create({ charge: chargeId });
    expect(rest.amount).toBe(10000);
    expect(await stripe.charges.retrieve(chargeId)).toMatchObject({ amount_refunded: 15000, refunded: true });
    expect((await caught(stripe.refunds.create({ charge: chargeId }))).code).toBe('charge_already_refunded');

    expect((await stripe.refunds.retrieve(first.id)).amount).toBe(5000);
    expect((await stripe.refunds.list({ charge: chargeId })).data.map((r) => r.id)).toEqual([
      rest.id,
      first.id,
    ]);
    const types = sandbox.events().map((e) => e.type);
    expect(types.slice(-4)).toEqual([
      'charge.refunded',
      'refund.created',
      'charge.refunded',
      'refund.created',
    ]);
    const refundedEvents = sandbox.events().filter((e) => e.type === 'charge.refunded');
    expect(refundedEvents.map((e) => e.data.object.amount_refunded)).toEqual([5000, 15000]);
  });
});

describe('events', () => {
  it('retrieves and lists events with type filters', async () => {
    const customer = await stripe.customers.create({});
    const session = await paymentSession(customer.id);
    await submitCard(session.url!, '4242424242424242');
    const all = await stripe.events.list();
    expect(all.data.map((e) => e.type)).toEqual([
      'checkout.session.completed',
      'charge.succeeded',
      'payment_intent.succeeded',
    ]);
    const completed = await stripe.events.list({ type: 'checkout.session.*' });
    expect(completed.data).toHaveLength(1);
    const event = await stripe.events.retrieve(completed.data[0]!.id);
    expect(event).toMatchObject({
      object: 'event',
      api_version: '2026-10-28.endive',
      livemode: false,
      pending_webhooks: 0,
      request: { id: null, idempotency_key: null },
      data: { object: { id: session.id, status: 'complete' } },
    });
  });

  it('lists events by creation time (created[gt|gte|lt|lte] or an exact second), as a catch-up reads them', async () => {
    const expireOne = async () =>
      stripe.checkout.sessions.expire(
        (await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd' })).id,
      );
    await expireOne();
    const first = nowSeconds();
    now = new Date(START.getTime() + 60_000);
    await expireOne();
    now = new Date(START.getTime() + 120_000);
    await expireOne();
    const created = async (params: Stripe.EventListParams) =>
      (await stripe.events.list(params)).data.map((e) => e.created - first);
    expect(await created({ created: { gt: first } })).toEqual([120, 60]);
    expect(await created({ created: { gte: first, lt: first + 120 } })).toEqual([60, 0]);
    expect(await created({ created: { lte: first + 60 } })).toEqual([60, 0]);
    expect(await created({ created: first + 60 })).toEqual([60]);
    // Paging through a range with starting_after, oldest pages last.
    const page = await stripe.events.list({ created: { gte: first }, limit: 2 });
    expect(page.has_more).toBe(true);
    const rest = await stripe.events.list({
      created: { gte: first },
      limit: 2,
      starting_after: page.data[1]!.id,
    });
    expect(rest.data.map((e) => e.created - first)).toEqual([0]);
    const all = await stripe.events
      .list({ created: { gte: first }, types: ['checkout.session.expired'], limit: 1 })
      .autoPagingToArray({ limit: 10 });
    expect(all).toHaveLength(3);

    const bad = await caught(stripe.events.list({ created: { after: first } } as Stripe.EventListParams));
    expect(bad).toMatchObject({ statusCode: 400, param: 'created[after]' });
    const both = await caught(
      stripe.events.list({ type: 'checkout.session.expired', types: ['checkout.session.expired'] }),
    );
    expect(both).toMatchObject({ statusCode: 400, param: 'types' });
  });
});
