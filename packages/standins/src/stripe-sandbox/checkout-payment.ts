// What happens when the patient submits the hosted checkout form: the card is checked as Stripe.js
// would, then the test card decides — approved (PaymentMethod, PaymentIntent/Charge or SetupIntent,
// session complete, events) or declined (the intent records the failure; the session stays open so
// the patient can try another card). Invalid input records nothing.
import type Stripe from 'stripe';
import {
  cardOutcome,
  validateCard,
  type CardField,
  type CardForm,
  type CardOutcome,
} from './card-simulation.ts';
import { NO_REQUEST, type SandboxContext } from './context.ts';
import { buildCharge } from './objects/charge.ts';
import { buildCustomer } from './objects/customer.ts';
import { buildPaymentIntent } from './objects/payment-intent.ts';
import { billingDetails, buildCardPaymentMethod, type CardInput } from './objects/payment-method.ts';
import type { SessionRecord } from './store.ts';

export type SubmitResult =
  | { kind: 'invalid'; errors: Partial<Record<CardField, string>> }
  | { kind: 'declined'; message: string }
  | { kind: 'completed'; redirectUrl: string | null };

type Declined = Extract<CardOutcome, { kind: 'declined' }>;

export function submitCard(context: SandboxContext, record: SessionRecord, form: CardForm): SubmitResult {
  const validation = validateCard(form, context.now());
  if (!validation.ok) return { kind: 'invalid', errors: validation.errors };
  const outcome = cardOutcome(validation.card.number);
  const result =
    record.session.mode === 'payment'
      ? payWithCard(context, record, validation.card, outcome)
      : saveCard(context, record, validation.card, outcome);
  context.changed();
  return result;
}

function cardError(outcome: Declined, pm: Stripe.PaymentMethod, chargeId: string | null) {
  return {
    type: 'card_error' as const,
    code: outcome.code,
    decline_code: outcome.declineCode,
    message: outcome.message,
    doc_url: `https://stripe.com/docs/error-codes/${outcome.code.replaceAll('_', '-')}`,
    // A copy: the error describes the card as it was at the failed attempt.
    payment_method: structuredClone(pm),
    ...(chargeId === null ? {} : { charge: chargeId }),
  };
}

/** Checkout creates a Customer on completion only when asked to (`customer_creation=always`). */
function customerFor(context: SandboxContext, record: SessionRecord, card: CardInput): string | null {
  const { session } = record;
  if (typeof session.customer === 'string') return session.customer;
  if (session.customer_creation !== 'always') return null;
  const customer = buildCustomer(
    {
      email: session.customer_email,
      name: card.name,
      phone: null,
      description: null,
      metadata: {},
      preferredLocales: session.locale && session.locale !== 'auto' ? [session.locale] : [],
    },
    context.nowSeconds(),
  );
  context.store.customers.set(customer.id, customer);
  return customer.id;
}

function complete(context: SandboxContext, record: SessionRecord, card: CardInput, customer: string | null) {
  const { session } = record;
  const email =
    (customer ? context.store.customers.get(customer)?.email : null) ?? session.customer_email ?? null;
  session.status = 'complete';
  session.url = null;
  session.customer = customer;
  session.customer_details = {
    address: billingDetails(card, email).address,
    business_name: null,
    email,
    individual_name: null,
    name: card.name,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
  session.collected_information = { business_name: null, individual_name: null, shipping_details: null };
  if (session.mode === 'payment') session.payment_status = 'paid';
  const redirect = session.success_url?.replaceAll('{CHECKOUT_SESSION_ID}', session.id) ?? null;
  return { kind: 'completed' as const, redirectUrl: redirect };
}

function payWithCard(
  context: SandboxContext,
  record: SessionRecord,
  card: CardInput,
  outcome: CardOutcome,
): SubmitResult {
  const { session } = record;
  const now = context.nowSeconds();
  let intent =
    typeof session.payment_intent === 'string'
      ? context.store.paymentIntents.get(session.payment_intent)
      : undefined;
  if (!intent) {
    // Created at the first attempt, as Checkout does since API 2022-08-01.
    intent = buildPaymentIntent(
      {
        amount: session.amount_total ?? 0,
        currency: session.currency ?? 'usd',
        customer: typeof session.customer === 'string' ? session.customer : null,
        description: record.paymentIntentData.description,
        metadata: { ...record.paymentIntentData.metadata },
        setupFutureUsage: record.paymentIntentData.setupFutureUsage,
      },
      now,
    );
    context.store.paymentIntents.set(intent.id, intent);
    session.payment_intent = intent.id;
  }
  const pm = buildCardPaymentMethod(card, {
    created: now,
    customer: null,
    email: session.customer_email,
    allowRedisplay: 'unspecified',
  });
  context.store.paymentMethods.set(pm.id, pm);

  if (outcome.kind === 'declined') {
    const charge = buildCharge(
      { paymentIntent: intent, paymentMethod: pm, outcome, publicUrl: context.publicUrl },
      now,
    );
    context.store.charges.set(charge.id, charge);
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.latest_charge = charge.id;
    intent.last_payment_error = cardError(outcome, pm, charge.id);
    context.emit('payment_intent.payment_failed', intent, NO_REQUEST);
    return { kind: 'declined', message: outcome.message };
  }

  const customer = customerFor(context, record, card);
  if (customer && record.paymentIntentData.setupFutureUsage) {
    pm.customer = customer;
    pm.allow_redisplay = 'limited';
    const owner = context.store.customers.get(customer);
    if (owner) owner.invoice_settings.default_payment_method = pm.id;
  }
  intent.customer = customer;
  intent.payment_method = pm.id;
  const charge = buildCharge(
    { paymentIntent: intent, paymentMethod: pm, outcome, publicUrl: context.publicUrl },
    now,
  );
  context.store.charges.set(charge.id, charge);
  intent.status = 'succeeded';
  intent.amount_received = intent.amount;
  intent.latest_charge = charge.id;
  intent.last_payment_error = null;
  const completed = complete(context, record, card, customer);
  context.emit('payment_intent.succeeded', intent, NO_REQUEST);
  context.emit('charge.succeeded', charge, NO_REQUEST);
  context.emit('checkout.session.completed', session, NO_REQUEST);
  return completed;
}

function saveCard(
  context: SandboxContext,
  record: SessionRecord,
  card: CardInput,
  outcome: CardOutcome,
): SubmitResult {
  const { session } = record;
  const intent =
    typeof session.setup_intent === 'string'
      ? context.store.setupIntents.get(session.setup_intent)
      : undefined;
  if (!intent) throw new Error(`setup session ${session.id} has no SetupIntent`);
  const pm = buildCardPaymentMethod(card, {
    created: context.nowSeconds(),
    customer: null,
    email: session.customer_email,
    allowRedisplay: 'unspecified',
  });
  context.store.paymentMethods.set(pm.id, pm);

  if (outcome.kind === 'declined') {
    intent.status = 'requires_payment_method';
    intent.last_setup_error = cardError(outcome, pm, null);
    context.emit('setup_intent.setup_failed', intent, NO_REQUEST);
    return { kind: 'declined', message: outcome.message };
  }

  // Attached but not made the default: choosing the default card is the application's decision.
  const customer = customerFor(context, record, card);
  pm.customer = customer;
  if (customer) pm.allow_redisplay = 'limited';
  intent.customer = customer;
  intent.payment_method = pm.id;
  intent.status = 'succeeded';
  intent.last_setup_error = null;
  const completed = complete(context, record, card, customer);
  context.emit('setup_intent.succeeded', intent, NO_REQUEST);
  context.emit('checkout.session.completed', session, NO_REQUEST);
  return completed;
}
