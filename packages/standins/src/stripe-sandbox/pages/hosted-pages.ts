// The browser-facing part of the sandbox: the hosted checkout page (GET shows it, POST submits the
// card form) and receipt pages. Not Stripe API: no key needed, HTML in and out.
import type { CardForm } from '../card-simulation.ts';
import { submitCard } from '../checkout-payment.ts';
import type { SandboxContext } from '../context.ts';
import { parseFormParams } from '../form-params.ts';
import { checkoutPage, closedSessionPage } from './checkout-page.ts';
import { layout, notFoundPage } from './html.ts';
import { receiptPage } from './receipt-page.ts';

export type PageResponse =
  { kind: 'html'; status: number; html: string } | { kind: 'redirect'; location: string };

const html = (status: number, body: string): PageResponse => ({ kind: 'html', status, html: body });

// GET /checkout/:id — show the hosted checkout page
export function showCheckout(context: SandboxContext, sessionId: string): PageResponse {
  const record = context.store.sessions.get(sessionId);
  if (!record) return html(404, notFoundPage('This checkout session does not exist.'));
  if (record.session.status !== 'open') return html(200, closedSessionPage(record));
  return html(200, checkoutPage(record));
}

function field(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : '';
}

// POST /checkout/:id — submit the card form
export function submitCheckout(context: SandboxContext, sessionId: string, body: string): PageResponse {
  const record = context.store.sessions.get(sessionId);
  if (!record) return html(404, notFoundPage('This checkout session does not exist.'));
  if (record.session.status !== 'open') return html(409, closedSessionPage(record));
  const params = parseFormParams(body);
  const form: CardForm = {
    number: field(params, 'card_number'),
    expiry: field(params, 'card_expiry'),
    cvc: field(params, 'card_cvc'),
    name: field(params, 'cardholder_name'),
    postalCode: field(params, 'postal_code'),
  };
  const result = submitCard(context, record, form);
  switch (result.kind) {
    case 'invalid':
      return html(400, checkoutPage(record, { form, errors: result.errors }));
    case 'declined':
      // The number is cleared: the patient is expected to try a different card.
      return html(402, checkoutPage(record, { form: { ...form, number: '' }, formError: result.message }));
    case 'completed':
      if (result.redirectUrl) return { kind: 'redirect', location: result.redirectUrl };
      return html(200, closedSessionPage(record));
  }
}

// GET /receipts/:charge — show a charge's receipt
export function showReceipt(context: SandboxContext, chargeId: string): PageResponse {
  const charge = context.store.charges.get(chargeId);
  if (!charge || charge.status !== 'succeeded') return html(404, notFoundPage('No such receipt.'));
  return html(200, receiptPage(charge));
}

// GET / — a pointer for whoever opens the sandbox's address in a browser
export function showIndex(): PageResponse {
  return html(
    200,
    layout({
      title: 'Local Stripe sandbox',
      body: '<div class="card"><h1>Local Stripe sandbox</h1><p>This server stands in for the Stripe API during local development and tests. Checkout pages live under <code>/checkout/&lt;session id&gt;</code>.</p></div>',
    }),
  );
}
