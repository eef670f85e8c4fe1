// Refunds: create (full or partial, by Charge or PaymentIntent), retrieve, list.
import type Stripe from 'stripe';
import type { SandboxContext } from '../context.ts';
import { invalidParam, invalidRequest } from '../errors.ts';
import { formatAmount } from '../money.ts';
import { buildRefund } from '../objects/refund.ts';
import { newestFirst } from '../pagination.ts';
import { createMetadata, expandSpec, idSpec, listSpecFields, metadataSpec, parseParams } from '../params.ts';
import { render, renderList } from '../render.ts';
import { pathParam, type ApiRequest, type ApiRoute } from '../router.ts';

const createSpec = {
  kind: 'object',
  fields: {
    charge: idSpec,
    payment_intent: idSpec,
    amount: { kind: 'integer', min: 1 },
    reason: { kind: 'enum', values: ['duplicate', 'fraudulent', 'requested_by_customer'] },
    metadata: metadataSpec,
    expand: expandSpec,
  },
  unsupported: [
    'currency',
    'customer',
    'instructions_email',
    'origin',
    'refund_application_fee',
    'reverse_transfer',
  ],
} as const;
const retrieveSpec = { kind: 'object', fields: { expand: expandSpec } } as const;
const listSpec = {
  kind: 'object',
  fields: { ...listSpecFields, charge: idSpec, payment_intent: idSpec },
  unsupported: ['created'],
} as const;

function chargeToRefund(
  context: SandboxContext,
  params: { charge?: string; payment_intent?: string },
): Stripe.Charge {
  if (params.charge !== undefined && params.payment_intent !== undefined) {
    throw invalidParam(
      'You may only specify one of these parameters: charge, payment_intent.',
      'payment_intent',
      'parameters_exclusive',
    );
  }
  if (params.charge !== undefined) return context.store.charge(params.charge, 'charge');
  if (params.payment_intent === undefined) {
    throw invalidParam(
      'One of the following params should be provided for this request: charge or payment_intent.',
      'charge',
      'parameter_missing',
    );
  }
  const intent = context.store.paymentIntent(params.payment_intent, 'payment_intent');
  const chargeId = typeof intent.latest_charge === 'string' ? intent.latest_charge : null;
  const charge = chargeId === null ? undefined : context.store.charges.get(chargeId);
  if (!charge || intent.status !== 'succeeded') {
    throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, {
      param: 'payment_intent',
    });
  }
  return charge;
}

// POST /v1/refunds — create a Refund
function createRefund(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(createSpec, request.params);
  const charge = chargeToRefund(context, params);
  if (charge.status !== 'succeeded') {
    throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, {
      code: 'charge_not_refundable',
    });
  }
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
      code: 'charge_already_refunded',
    });
  }
  const amount = params.amount ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge ` +
        `(${formatAmount(remaining, charge.currency)})`,
      { param: 'amount', code: 'amount_too_large' },
    );
  }
  const refund = buildRefund(
    { charge, amount, reason: params.reason ?? null, metadata: createMetadata(params.metadata) },
    context.nowSeconds(),
  );
  context.store.refunds.set(refund.id, refund);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  context.emit('charge.refunded', charge, request.request);
  context.emit('refund.created', refund, request.request);
  return render(context, refund, params.expand);
}

// GET /v1/refunds/:refund — retrieve a Refund
function retrieveRefund(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(retrieveSpec, request.params);
  return render(context, context.store.refund(pathParam(request, 'refund')), params.expand);
}

// GET /v1/refunds — list Refunds
function listRefunds(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(listSpec, request.params);
  const refunds = newestFirst(context.store.refunds.values()).filter(
    (refund) =>
      (params.charge === undefined || refund.charge === params.charge) &&
      (params.payment_intent === undefined || refund.payment_intent === params.payment_intent),
  );
  return renderList(context, refunds, params, { url: '/v1/refunds', noun: 'refund' });
}

export const refundRoutes: ApiRoute[] = [
  { method: 'POST', pattern: '/v1/refunds', handler: createRefund },
  { method: 'GET', pattern: '/v1/refunds', handler: listRefunds },
  { method: 'GET', pattern: '/v1/refunds/:refund', handler: retrieveRefund },
];
