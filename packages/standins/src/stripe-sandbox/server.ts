// HTTP front of the sandbox. `/v1/…` and `/_sandbox/…` speak the Stripe API (key auth, bracket
// params, Idempotency-Key, `Request-Id`, Stripe's error envelope); `/checkout/…` and `/receipts/…` are
// the browser pages. Every request first expires overdue sessions, so expiry never depends on timing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from './auth.ts';
import type { SandboxContext } from './context.ts';
import {
  SandboxApiError,
  invalidRequest,
  idempotencyKeyInUse,
  idempotencyMismatch,
  unrecognizedUrl,
} from './errors.ts';
import { SANDBOX_API_VERSION } from './events.ts';
import { parseFormParams, readBody, type RawParams } from './form-params.ts';
import { MAX_IDEMPOTENCY_KEY_LENGTH, requestFingerprint, type IdempotencyStore } from './idempotency.ts';
import { newId } from './ids.ts';
import type { JsonObject } from './json.ts';
import {
  showCheckout,
  showIndex,
  showReceipt,
  submitCheckout,
  type PageResponse,
} from './pages/hosted-pages.ts';
import { matchRoute, type ApiRoute } from './router.ts';

export type ServerDeps = {
  context: SandboxContext;
  routes: readonly ApiRoute[];
  idempotency: IdempotencyStore;
  /** Lazy expiry and pruning, run before each request. */
  beforeRequest: () => void;
  log: (message: string) => void;
};

type ApiResponse = { status: number; body: JsonObject; headers?: Record<string, string> };

export function createRequestListener(deps: ServerDeps) {
  return (request: IncomingMessage, response: ServerResponse) => {
    handle(deps, request, response).catch((error: unknown) => {
      deps.log(
        `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      if (!response.headersSent) {
        sendJson(response, newId('request'), {
          status: 500,
          body: new SandboxApiError({
            status: 500,
            type: 'api_error',
            message: 'An unknown error occurred',
          }).toBody(null),
        });
      } else response.destroy();
    });
  };
}

async function handle(deps: ServerDeps, request: IncomingMessage, response: ServerResponse) {
  deps.beforeRequest();
  const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
  const method = request.method ?? 'GET';
  if (url.pathname.startsWith('/v1/') || url.pathname.startsWith('/_sandbox/')) {
    const requestId = newId('request');
    sendJson(response, requestId, await handleApi(deps, request, method, url, requestId));
    return;
  }
  sendPage(response, await handlePage(deps.context, request, method, url.pathname));
}

async function handlePage(
  context: SandboxContext,
  request: IncomingMessage,
  method: string,
  pathname: string,
): Promise<PageResponse> {
  const [first, id, ...rest] = pathname.split('/').filter((segment) => segment !== '');
  if (first === undefined && method === 'GET') return showIndex();
  if (id !== undefined && rest.length === 0) {
    const decoded = decodeURIComponent(id);
    if (first === 'checkout' && method === 'GET') return showCheckout(context, decoded);
    if (first === 'checkout' && method === 'POST')
      return submitCheckout(context, decoded, await readBody(request));
    if (first === 'receipts' && method === 'GET') return showReceipt(context, decoded);
  }
  return { kind: 'html', status: 404, html: '<!doctype html><title>Not found</title><p>Not found</p>' };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function handleApi(
  deps: ServerDeps,
  request: IncomingMessage,
  method: string,
  url: URL,
  requestId: string,
): Promise<ApiResponse> {
  const auth = authenticate(header(request, 'authorization'));
  if (!auth.ok) {
    return {
      status: 401,
      body: auth.error.toBody(requestId),
      headers: { 'WWW-Authenticate': 'Basic realm="Stripe"' },
    };
  }
  const match = matchRoute(deps.routes, method, url.pathname);
  if (match.kind === 'not_found') {
    await readBody(request);
    return errorResponse(unrecognizedUrl(method, url.pathname), requestId);
  }
  const idempotencyKey = method === 'POST' ? (header(request, 'idempotency-key') ?? null) : null;
  if (idempotencyKey !== null && idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    await readBody(request);
    return errorResponse(
      invalidRequest(`Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters long.`),
      requestId,
    );
  }
  const scope = auth.apiKey;
  // Reserved before the body arrives, so a duplicate sent meanwhile is answered 409.
  const reserved = idempotencyKey !== null && deps.idempotency.reserve(scope, idempotencyKey, requestId);
  let params: RawParams;
  try {
    params = parseFormParams(method === 'POST' ? await readBody(request) : url.search.slice(1));
  } catch (error) {
    if (reserved && idempotencyKey !== null) deps.idempotency.release(scope, idempotencyKey);
    if (error instanceof SandboxApiError) return errorResponse(error, requestId);
    throw error;
  }
  const fingerprint = requestFingerprint(method, url.pathname, params);
  if (idempotencyKey !== null && !reserved) {
    const previous = deps.idempotency.lookup(scope, idempotencyKey, fingerprint);
    switch (previous.kind) {
      case 'in_progress':
        return errorResponse(idempotencyKeyInUse(idempotencyKey), requestId);
      case 'mismatch':
        return errorResponse(idempotencyMismatch(idempotencyKey), requestId);
      case 'replay':
        return {
          status: previous.status,
          body: previous.body,
          headers: { 'Idempotent-Replayed': 'true', 'Original-Request': previous.originalRequestId },
        };
      case 'new':
        break;
    }
  }

  let result: ApiResponse;
  let store = true;
  try {
    const body = match.route.handler(
      {
        method: match.route.method,
        path: url.pathname,
        pathParams: match.pathParams,
        params,
        request: { id: requestId, idempotencyKey },
      },
      deps.context,
    );
    result = { status: 200, body };
  } catch (error) {
    if (!(error instanceof SandboxApiError)) throw error;
    store = !error.validation;
    result = errorResponse(error, requestId);
  }
  if (method === 'POST') deps.context.changed();
  if (reserved && idempotencyKey !== null) {
    if (store) deps.idempotency.complete(scope, idempotencyKey, fingerprint, result);
    else deps.idempotency.release(scope, idempotencyKey);
  }
  if (idempotencyKey !== null) result.headers = { ...result.headers, 'Idempotency-Key': idempotencyKey };
  return result;
}

function errorResponse(error: SandboxApiError, requestId: string): ApiResponse {
  return { status: error.status, body: error.toBody(requestId) };
}

function sendJson(response: ServerResponse, requestId: string, result: ApiResponse) {
  const payload = `${JSON.stringify(result.body, null, 2)}\n`;
  response.writeHead(result.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    'Request-Id': requestId,
    'Stripe-Version': SANDBOX_API_VERSION,
    'Cache-Control': 'no-cache, no-store',
    ...result.headers,
  });
  response.end(payload);
}

function sendPage(response: ServerResponse, page: PageResponse) {
  if (page.kind === 'redirect') {
    response.writeHead(303, { Location: page.location, 'Cache-Control': 'no-store' });
    response.end();
    return;
  }
  response.writeHead(page.status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(page.html),
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:",
  });
  response.end(page.html);
}
