// The sandbox's hosted checkout and receipt pages as a browser (and a screen reader) sees them.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeSandbox, type StripeSandbox } from '../src/stripe-sandbox/index.ts';

let sandbox: StripeSandbox;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startStripeSandbox({ webhookSecret: 'whsec_pages', publicUrl: 'http://127.0.0.1:1/' });
  const api = new URL(sandbox.url);
  stripe = new Stripe('sk_test_sandbox', {
    host: api.hostname,
    port: Number(api.port),
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
});
afterAll(async () => {
  await sandbox.stop();
});

/** The page as served, fetched from the API address: publicUrl is deliberately elsewhere here, to
 * show that URLs handed out use publicUrl while the same server serves the page. */
async function page(session: Stripe.Checkout.Session) {
  if (session.status === 'open') expect(session.url).toBe(`http://127.0.0.1:1/checkout/${session.id}`);
  const response = await fetch(`${sandbox.url}/checkout/${session.id}`);
  return { status: response.status, html: await response.text(), headers: response.headers };
}

function post(session: Stripe.Checkout.Session, fields: Record<string, string>) {
  return fetch(`${sandbox.url}/checkout/${session.id}`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams(fields),
  });
}

function inputs(html: string): string[] {
  return html.match(/<input [^>]*>/g) ?? [];
}

describe('hosted checkout page', () => {
  it('payment mode: items, total, labelled phone-friendly inputs, sandbox note, cancel link', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        { price_data: { currency: 'usd', unit_amount: 10000, product_data: { name: 'Exam' } }, quantity: 1 },
        {
          price_data: { currency: 'usd', unit_amount: 2500, product_data: { name: 'X-ray <film>' } },
          quantity: 2,
        },
      ],
      cancel_url: 'https://clinic.example/back',
      locale: 'es',
    });
    const { status, html, headers } = await page(session);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Pay $150.00');
    expect(html).toContain('X-ray &lt;film&gt; × 2');
    expect(html).toContain('$50.00');
    expect(html).toContain('Local test sandbox');
    expect(html).toContain('4242 4242 4242 4242');
    expect(html).toContain('4000 0000 0000 0002');
    expect(html).toContain('4000 0000 0000 9995');
    expect(html).toContain('href="https://clinic.example/back"');
    expect(html).not.toMatch(/<(script|link|img)\b/);
    expect(html).toContain(':focus-visible');

    const fields = inputs(html);
    expect(fields).toHaveLength(5);
    for (const field of fields) {
      const id = /id="([^"]+)"/.exec(field)?.[1];
      expect(html, `label for ${id}`).toContain(`<label for="${id}">`);
    }
    const autocomplete = fields.map((field) => /autocomplete="([^"]+)"/.exec(field)?.[1]);
    expect(autocomplete).toEqual(['cc-number', 'cc-exp', 'cc-csc', 'cc-name', 'postal-code']);
    expect(fields.filter((field) => field.includes('inputmode="numeric"'))).toHaveLength(3);
  });

  it('re-renders with an alert next to each bad field, and keeps what was typed except the CVC', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        {
          price_data: { currency: 'eur', unit_amount: 4000, product_data: { name: 'Consult' } },
          quantity: 1,
        },
      ],
    });
    const response = await post(session, {
      card_number: '4242 4242 4242 4241',
      card_expiry: '13 / 30',
      card_cvc: '12',
      cardholder_name: '',
      postal_code: '',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Pay €40.00');
    const alerts = [...html.matchAll(/<p class="error" id="([^"]+)" role="alert">([^<]+)<\/p>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(alerts).toEqual([
      ['field-card_number-error', 'Your card number is invalid.'],
      ['field-card_expiry-error', "Your card's expiration date is invalid."],
      ['field-card_cvc-error', "Your card's security code is incomplete."],
      ['field-cardholder_name-error', 'Please enter the name on your card.'],
      ['field-postal_code-error', 'Your postal code is incomplete.'],
    ]);
    expect(html).toContain('aria-invalid="true" aria-describedby="field-card_number-error"');
    expect(html).toContain('value="4242 4242 4242 4241"');
    expect(html).not.toContain('value="12"');
  });

  it('setup mode says "Save card"; decline shows a form-level alert', async () => {
    const session = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd' });
    const { html } = await page(session);
    expect(html).toContain('<button type="submit">Save card</button>');
    expect(html).toContain('You will not be charged now.');
    const declined = await post(session, {
      card_number: '4000000000000002',
      card_expiry: '12/30',
      card_cvc: '123',
      cardholder_name: 'Pat',
      postal_code: '10001',
    });
    expect(declined.status).toBe(402);
    const declinedHtml = await declined.text();
    expect(declinedHtml).toContain('<div class="form-error" role="alert">Your card was declined.</div>');
    expect(declinedHtml).toContain(
      'name="card_number" autocomplete="cc-number" inputmode="numeric" placeholder="1234 1234 1234 1234" maxlength="23" value=""',
    );
    const intent = await stripe.setupIntents.retrieve(session.setup_intent as string);
    expect(intent.last_setup_error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
  });

  it('completed and expired sessions show a notice and no form; posting again changes nothing', async () => {
    const paid = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        { price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: 'Copay' } }, quantity: 1 },
      ],
    });
    const card = {
      card_number: '4242424242424242',
      card_expiry: '12/30',
      card_cvc: '123',
      cardholder_name: 'Pat',
      postal_code: '10001',
    };
    const done = await post(paid, card);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Payment complete');
    expect((await post(paid, card)).status).toBe(409);
    const { html } = await page(paid);
    expect(html).toContain('This checkout session is complete.');
    expect(html).not.toContain('<form');
    expect((await stripe.charges.list()).data).toHaveLength(1);

    const expired = await stripe.checkout.sessions.expire(
      (
        await stripe.checkout.sessions.create({
          mode: 'setup',
          currency: 'usd',
          cancel_url: 'https://clinic.example/back',
        })
      ).id,
    );
    expect(expired.url).toBeNull();
    const expiredPage = await page(expired);
    expect(expiredPage.html).toContain('This checkout session has expired');
    expect(expiredPage.html).not.toContain('<form');

    expect((await fetch(`${sandbox.url}/checkout/cs_test_unknown`)).status).toBe(404);
  });

  it('serves receipts', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        { price_data: { currency: 'jpy', unit_amount: 5000, product_data: { name: 'Visit' } }, quantity: 1 },
      ],
    });
    await post(session, {
      card_number: '4242424242424242',
      card_expiry: '12/30',
      card_cvc: '123',
      cardholder_name: 'Pat',
      postal_code: '10001',
    });
    const intent = await stripe.paymentIntents.retrieve(
      (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string,
    );
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge.receipt_url).toBe(`http://127.0.0.1:1/receipts/${charge.id}`);
    const receipt = await fetch(`${sandbox.url}/receipts/${charge.id}`);
    const html = await receipt.text();
    expect(html).toContain('¥5,000');
    expect(html).toContain('visa •••• 4242');
    expect((await fetch(`${sandbox.url}/receipts/ch_unknown`)).status).toBe(404);
  });
});
