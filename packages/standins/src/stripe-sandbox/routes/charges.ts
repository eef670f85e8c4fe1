// Charges: retrieve and list (by PaymentIntent or Customer).
import type { SandboxContext } from '../context.ts';
import { newestFirst } from '../pagination.ts';
import { expandSpec, idSpec, listSpecFields, parseParams } from '../params.ts';
import { render, renderList } from '../render.ts';
import { pathParam, type ApiRequest, type ApiRoute } from '../router.ts';

const retrieveSpec = { kind: 'object', fields: { expand: expandSpec } } as const;
const listSpec = {
  kind: 'object',
  fields: { ...listSpecFields, customer: idSpec, payment_intent: idSpec },
  unsupported: ['created', 'transfer_group'],
} as const;

// GET /v1/charges/:charge — retrieve a Charge
function retrieveCharge(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(retrieveSpec, request.params);
  return render(context, context.store.charge(pathParam(request, 'charge')), params.expand);
}

// GET /v1/charges — list Charges
function listCharges(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(listSpec, request.params);
  const charges = newestFirst(context.store.charges.values()).filter(
    (charge) =>
      (params.customer === undefined || charge.customer === params.customer) &&
      (params.payment_intent === undefined || charge.payment_intent === params.payment_intent),
  );
  return renderList(context, charges, params, { url: '/v1/charges', noun: 'charge' });
}

export const chargeRoutes: ApiRoute[] = [
  { method: 'GET', pattern: '/v1/charges', handler: listCharges },
  { method: 'GET', pattern: '/v1/charges/:charge', handler: retrieveCharge },
];
