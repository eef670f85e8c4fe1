// Sandbox-only endpoints (not part of Stripe's API; under /_sandbox/, same API-key auth as /v1/):
//
//   POST /_sandbox/payment_methods/:id/automatically_update   exp_month, exp_year, [last4]
//     Simulates the card networks' account updater: changes the saved card's expiry (and optionally
//     last4) and emits `payment_method.automatically_updated`, which real Stripe sends on its own.
import type { SandboxContext } from '../context.ts';
import { invalidParam } from '../errors.ts';
import { expandSpec, parseParams } from '../params.ts';
import { render } from '../render.ts';
import { pathParam, type ApiRequest, type ApiRoute } from '../router.ts';

const updateSpec = {
  kind: 'object',
  fields: {
    exp_month: { kind: 'integer', min: 1, max: 12 },
    exp_year: { kind: 'integer', min: 2000, max: 2200 },
    last4: { kind: 'string', maxLength: 4 },
    expand: expandSpec,
  },
  required: ['exp_month', 'exp_year'],
} as const;

// POST /_sandbox/payment_methods/:payment_method/automatically_update — simulate the card account updater
function automaticallyUpdate(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(updateSpec, request.params);
  if (params.last4 !== undefined && !/^\d{4}$/.test(params.last4)) {
    throw invalidParam('last4 must be four digits.', 'last4');
  }
  const pm = context.store.paymentMethod(pathParam(request, 'payment_method'));
  const card = pm.card;
  if (!card) throw invalidParam(`PaymentMethod ${pm.id} is not a card.`, 'payment_method');
  const previous = { card: { exp_month: card.exp_month, exp_year: card.exp_year, last4: card.last4 } };
  card.exp_month = params.exp_month;
  card.exp_year = params.exp_year;
  if (params.last4 !== undefined) card.last4 = params.last4;
  context.emit('payment_method.automatically_updated', pm, request.request, previous);
  return render(context, pm, params.expand);
}

export const sandboxHelperRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/_sandbox/payment_methods/:payment_method/automatically_update',
    handler: automaticallyUpdate,
  },
];
