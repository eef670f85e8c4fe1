// Events: retrieve and list (filter by `type` or `types[]`, `created` range, `delivery_success`).
import type { SandboxContext } from '../context.ts';
import { invalidParam } from '../errors.ts';
import { newestFirst } from '../pagination.ts';
import { expandSpec, inRange, listSpecFields, parseParams } from '../params.ts';
import { render, renderList } from '../render.ts';
import { pathParam, type ApiRequest, type ApiRoute } from '../router.ts';

const retrieveSpec = { kind: 'object', fields: { expand: expandSpec } } as const;
const listSpec = {
  kind: 'object',
  fields: {
    ...listSpecFields,
    type: { kind: 'string', maxLength: 5000 },
    types: { kind: 'array', items: { kind: 'string', maxLength: 5000 }, maxItems: 20 },
    delivery_success: { kind: 'boolean' },
    created: { kind: 'range' },
  },
} as const;

/** Stripe's `type` filter allows one `*` wildcard, e.g. `checkout.session.*`. */
function typeMatches(pattern: string, type: string): boolean {
  if (!pattern.includes('*')) return pattern === type;
  const [head = '', tail = ''] = pattern.split('*', 2);
  return type.startsWith(head) && type.endsWith(tail) && type.length >= head.length + tail.length;
}

// GET /v1/events/:id — retrieve an Event
function retrieveEvent(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(retrieveSpec, request.params);
  return render(context, context.store.event(pathParam(request, 'id')), params.expand);
}

// GET /v1/events — list Events
function listEvents(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(listSpec, request.params);
  if (params.type !== undefined && params.types !== undefined) {
    throw invalidParam('You may pass either type or types, but not both.', 'types');
  }
  const events = newestFirst(context.store.events.values()).filter(
    (event) =>
      (params.type === undefined || typeMatches(params.type, event.type)) &&
      (params.types === undefined || params.types.includes(event.type)) &&
      inRange(event.created, params.created) &&
      (params.delivery_success === undefined || (event.pending_webhooks === 0) === params.delivery_success),
  );
  return renderList(context, events, params, { url: '/v1/events', noun: 'event' });
}

export const eventRoutes: ApiRoute[] = [
  { method: 'GET', pattern: '/v1/events', handler: listEvents },
  { method: 'GET', pattern: '/v1/events/:id', handler: retrieveEvent },
];
