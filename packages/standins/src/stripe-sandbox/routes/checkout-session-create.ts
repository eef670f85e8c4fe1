// Creating Checkout Sessions with the rules Stripe applies beyond parameter shapes, including the
// traps PROVIDERS.md lists: setup mode needs `currency` (unless `allowed_payment_method_types`),
// `expires_at` must be 30 minutes to 24 hours away, totals within the per-currency limits.
import type { SandboxContext } from '../context.ts';
import { invalidParam, parameterMissing } from '../errors.ts';
import { MAXIMUM_CHARGE, formatAmount, minimumCharge } from '../money.ts';
import { buildCheckoutSession, buildLineItem } from '../objects/checkout-session.ts';
import { buildSetupIntent } from '../objects/setup-intent.ts';
import { createMetadata, parseParams, type Infer } from '../params.ts';
import { render } from '../render.ts';
import type { ApiRequest } from '../router.ts';
import type { WireLineItem } from '../store.ts';
import { createSessionSpec } from './checkout-session-params.ts';

const MIN_LIFETIME_S = 30 * 60;
const MAX_LIFETIME_S = 24 * 60 * 60;

type CreateParams = Infer<typeof createSessionSpec>;

function checkUrl(value: string | undefined, param: string): string | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value.replaceAll('{CHECKOUT_SESSION_ID}', 'cs_x'));
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // fall through to the error below
  }
  throw invalidParam('Not a valid URL', param, 'url_invalid');
}

function checkCurrency(value: string, param: string): string {
  const currency = value.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidParam(`Invalid currency: ${value}`, param);
  return currency;
}

function checkExpiresAt(expiresAt: number | undefined, now: number): number {
  if (expiresAt === undefined) return now + MAX_LIFETIME_S;
  if (expiresAt < now + MIN_LIFETIME_S) {
    throw invalidParam(
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      'expires_at',
    );
  }
  if (expiresAt > now + MAX_LIFETIME_S) {
    throw invalidParam(
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      'expires_at',
    );
  }
  return expiresAt;
}

function paymentLineItems(
  params: CreateParams,
  created: number,
): { items: WireLineItem[]; currency: string } {
  const lines = params.line_items;
  if (!lines || lines.length === 0) {
    throw parameterMissing('line_items', 'In `payment` mode, you must provide `line_items`.');
  }
  let currency: string | null = params.currency ? checkCurrency(params.currency, 'currency') : null;
  const items = lines.map((line, index) => {
    const priceData = line.price_data;
    if (!priceData) throw parameterMissing(`line_items[${index}][price_data]`);
    if (priceData.unit_amount === undefined)
      throw parameterMissing(`line_items[${index}][price_data][unit_amount]`);
    if (line.quantity === undefined) throw parameterMissing(`line_items[${index}][quantity]`);
    const lineCurrency = checkCurrency(priceData.currency, `line_items[${index}][price_data][currency]`);
    if (currency !== null && lineCurrency !== currency) {
      throw invalidParam(
        `All line items must use the same currency; line_items[${index}] uses ${lineCurrency}, expected ${currency}.`,
        `line_items[${index}][price_data][currency]`,
      );
    }
    currency = lineCurrency;
    return buildLineItem(
      {
        name: priceData.product_data.name,
        description: priceData.product_data.description ?? null,
        unitAmount: priceData.unit_amount,
        currency: lineCurrency,
        quantity: line.quantity,
      },
      created,
    );
  });
  if (currency === null) throw parameterMissing('line_items');
  return { items, currency };
}

function checkTotal(total: number, currency: string) {
  const minimum = minimumCharge(currency);
  if (minimum !== null && total < minimum) {
    throw invalidParam(
      `The Checkout Session's total amount due must add up to at least ${formatAmount(minimum, currency)} ${currency}`,
      'line_items',
      'amount_too_small',
    );
  }
  if (total > MAXIMUM_CHARGE) {
    throw invalidParam(
      `The Checkout Session's total amount due must be no more than ${formatAmount(MAXIMUM_CHARGE, currency)} ${currency}`,
      'line_items',
      'amount_too_large',
    );
  }
}

// POST /v1/checkout/sessions — create a Checkout Session
export function createCheckoutSession(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(createSessionSpec, request.params);
  const now = context.nowSeconds();
  const mode = params.mode;
  if (mode === undefined) throw parameterMissing('mode');
  if (mode === 'subscription') {
    throw invalidParam('The local Stripe sandbox does not simulate `subscription` mode.', 'mode');
  }
  if (params.ui_mode !== undefined && params.ui_mode !== 'hosted_page') {
    throw invalidParam(
      'The local Stripe sandbox only simulates the hosted Checkout page (`ui_mode=hosted_page`).',
      'ui_mode',
    );
  }
  if (params.customer !== undefined && params.customer_email !== undefined) {
    throw invalidParam(
      'You may only specify one of these parameters: customer, customer_email.',
      'customer_email',
      'parameters_exclusive',
    );
  }
  if (params.customer !== undefined && params.customer_creation !== undefined) {
    throw invalidParam(
      'You may only specify one of these parameters: customer, customer_creation.',
      'customer_creation',
      'parameters_exclusive',
    );
  }
  if (params.allowed_payment_method_types && !params.allowed_payment_method_types.includes('card')) {
    throw invalidParam(
      'The local Stripe sandbox only simulates card payments; `allowed_payment_method_types` must include `card`.',
      'allowed_payment_method_types',
    );
  }
  const successUrl = checkUrl(params.success_url, 'success_url');
  const cancelUrl = checkUrl(params.cancel_url, 'cancel_url');
  const expiresAt = checkExpiresAt(params.expires_at, now);

  let lineItems: WireLineItem[] = [];
  let currency: string | null;
  let amountTotal: number | null = null;
  if (mode === 'payment') {
    if (params.setup_intent_data !== undefined) {
      throw invalidParam('You can not pass `setup_intent_data` in `payment` mode.', 'setup_intent_data');
    }
    ({ items: lineItems, currency } = paymentLineItems(params, now));
    amountTotal = lineItems.reduce((sum, item) => sum + item.amount_total, 0);
    checkTotal(amountTotal, currency);
  } else {
    if (params.line_items !== undefined) {
      throw invalidParam('You can not pass `line_items` in `setup` mode.', 'line_items');
    }
    if (params.payment_intent_data !== undefined) {
      throw invalidParam('You can not pass `payment_intent_data` in `setup` mode.', 'payment_intent_data');
    }
    if (params.currency === undefined && params.allowed_payment_method_types === undefined) {
      throw parameterMissing(
        'currency',
        'Checkout Sessions in `setup` mode require `currency` unless `allowed_payment_method_types` is set.',
      );
    }
    currency = params.currency === undefined ? null : checkCurrency(params.currency, 'currency');
  }

  const customer =
    params.customer === undefined ? null : context.store.customer(params.customer, 'customer').id;

  const setupIntentData = {
    metadata: createMetadata(params.setup_intent_data?.metadata),
    description: params.setup_intent_data?.description ?? null,
  };
  const setupIntent = mode === 'setup' ? buildSetupIntent({ customer, ...setupIntentData }, now) : null;
  if (setupIntent) context.store.setupIntents.set(setupIntent.id, setupIntent);

  const session = buildCheckoutSession(
    {
      mode,
      currency,
      amountTotal,
      customer,
      customerEmail: params.customer_email ?? null,
      customerCreation: params.customer_creation ?? null,
      clientReferenceId: params.client_reference_id ?? null,
      metadata: createMetadata(params.metadata),
      successUrl,
      cancelUrl,
      expiresAt,
      locale: params.locale ?? null,
      allowedPaymentMethodTypes: params.allowed_payment_method_types ?? null,
      submitType: params.submit_type ?? null,
      setupIntent: setupIntent?.id ?? null,
      publicUrl: context.publicUrl,
    },
    now,
  );
  context.store.sessions.set(session.id, {
    session,
    lineItems,
    paymentIntentData: {
      setupFutureUsage: params.payment_intent_data?.setup_future_usage ?? null,
      metadata: createMetadata(params.payment_intent_data?.metadata),
      description: params.payment_intent_data?.description ?? null,
    },
    setupIntentData,
  });
  return render(context, session, params.expand);
}
