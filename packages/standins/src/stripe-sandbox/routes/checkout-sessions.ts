// Checkout Sessions: retrieve, list, expire, list line items (create is in checkout-session-create.ts).
import type { SandboxContext } from '../context.ts';
import { expireSession } from '../checkout-lifecycle.ts';
import { invalidRequest } from '../errors.ts';
import { toJson } from '../json.ts';
import { newestFirst, paginate } from '../pagination.ts';
import { expandSpec, idSpec, listSpecFields, parseParams } from '../params.ts';
import { render, renderList } from '../render.ts';
import { pathParam, type ApiRequest, type ApiRoute } from '../router.ts';
import { createCheckoutSession } from './checkout-session-create.ts';

const retrieveSpec = { kind: 'object', fields: { expand: expandSpec } } as const;
const listSpec = {
  kind: 'object',
  fields: {
    ...listSpecFields,
    customer: idSpec,
    payment_intent: idSpec,
    status: { kind: 'enum', values: ['open', 'complete', 'expired'] },
  },
  unsupported: ['created', 'customer_account', 'customer_details', 'payment_link', 'subscription'],
} as const;
const lineItemsSpec = { kind: 'object', fields: listSpecFields } as const;

// GET /v1/checkout/sessions/:session — retrieve a Checkout Session
function retrieveSession(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(retrieveSpec, request.params);
  return render(context, context.store.session(pathParam(request, 'session')).session, params.expand);
}

// GET /v1/checkout/sessions — list Checkout Sessions
function listSessions(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(listSpec, request.params);
  const sessions = newestFirst(context.store.sessions.values())
    .map((record) => record.session)
    .filter(
      (session) =>
        (params.customer === undefined || session.customer === params.customer) &&
        (params.payment_intent === undefined || session.payment_intent === params.payment_intent) &&
        (params.status === undefined || session.status === params.status),
    );
  return renderList(context, sessions, params, { url: '/v1/checkout/sessions', noun: 'checkout.session' });
}

// POST /v1/checkout/sessions/:session/expire — expire an open Checkout Session
function expireSessionRoute(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(retrieveSpec, request.params);
  const record = context.store.session(pathParam(request, 'session'));
  if (record.session.status !== 'open') {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status ` +
        `of "${record.session.status}".`,
    );
  }
  expireSession(context, record, request.request);
  return render(context, record.session, params.expand);
}

// GET /v1/checkout/sessions/:session/line_items — list a Checkout Session's line items
function listLineItems(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(lineItemsSpec, request.params);
  const id = pathParam(request, 'session');
  const record = context.store.session(id);
  // Line items keep the order they were given in, unlike the newest-first lists.
  const list = paginate(record.lineItems, params, {
    url: `/v1/checkout/sessions/${id}/line_items`,
    noun: 'line_item',
    toJson: (item) => toJson(item),
  });
  return render(context, list, params.expand);
}

export const checkoutSessionRoutes: ApiRoute[] = [
  { method: 'POST', pattern: '/v1/checkout/sessions', handler: createCheckoutSession },
  { method: 'GET', pattern: '/v1/checkout/sessions', handler: listSessions },
  { method: 'GET', pattern: '/v1/checkout/sessions/:session', handler: retrieveSession },
  { method: 'POST', pattern: '/v1/checkout/sessions/:session/expire', handler: expireSessionRoute },
  { method: 'GET', pattern: '/v1/checkout/sessions/:session/line_items', handler: listLineItems },
];
