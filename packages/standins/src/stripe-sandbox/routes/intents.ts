// PaymentIntents (retrieve, list) and SetupIntents (retrieve). Checkout creates them; the API only reads.
import type { SandboxContext } from '../context.ts';
import { expandSpec, idSpec, listSpecFields, parseParams } from '../params.ts';
import { newestFirst } from '../pagination.ts';
import { render, renderList } from '../render.ts';
import { pathParam, type ApiRequest, type ApiRoute } from '../router.ts';

const retrieveSpec = {
  kind: 'object',
  fields: { expand: expandSpec, client_secret: { kind: 'string', maxLength: 5000 } },
} as const;
const listSpec = {
  kind: 'object',
  fields: { ...listSpecFields, customer: idSpec },
  unsupported: ['created', 'customer_account'],
} as const;

// GET /v1/payment_intents/:intent — retrieve a PaymentIntent
function retrievePaymentIntent(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(retrieveSpec, request.params);
  return render(context, context.store.paymentIntent(pathParam(request, 'intent')), params.expand);
}

// GET /v1/payment_intents — list PaymentIntents
function listPaymentIntents(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(listSpec, request.params);
  const intents = newestFirst(context.store.paymentIntents.values()).filter(
    (intent) => params.customer === undefined || intent.customer === params.customer,
  );
  return renderList(context, intents, params, { url: '/v1/payment_intents', noun: 'payment_intent' });
}

// GET /v1/setup_intents/:intent — retrieve a SetupIntent
function retrieveSetupIntent(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(retrieveSpec, request.params);
  return render(context, context.store.setupIntent(pathParam(request, 'intent')), params.expand);
}

export const intentRoutes: ApiRoute[] = [
  { method: 'GET', pattern: '/v1/payment_intents', handler: listPaymentIntents },
  { method: 'GET', pattern: '/v1/payment_intents/:intent', handler: retrievePaymentIntent },
  { method: 'GET', pattern: '/v1/setup_intents/:intent', handler: retrieveSetupIntent },
];
