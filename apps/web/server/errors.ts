// Where every failed request ends (ARCHITECTURE.md decision 11): one Express error middleware that
// answers from the one error mapping (@clinicpay/api's describeError), a wrapper that brings async
// route handlers' rejections there (Express 4 does not: a rejected handler is an unhandled
// rejection), and the same mapping for Remix loaders and actions. 5xx answers carry no detail.
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { HeadersArgs, ServerBuild } from '@remix-run/node';
import { describeError, httpStatusFor, retryAfterSecondsFor } from '@clinicpay/api';
import type { Logger } from '@clinicpay/infrastructure';
import { UNAVAILABLE_TEXT, UNAVAILABLE_TITLE } from '../app/components/unavailable.ts';

/** An async route handler whose rejection goes to the error middleware instead of nowhere. */
export function handled(
  handler: (req: Request, res: Response, next: NextFunction) => Promise<unknown>,
): RequestHandler {
  return (req, res, next) => {
    handler(req, res, next).catch(next);
  };
}

// Machines read these; people get a page everywhere else.
const JSON_PATHS = /^\/(api|webhooks|readyz|healthz)(\/|$)/;
// Short codes, invitation tokens and message ids in a path are bearer secrets: never logged.
const SECRET_SEGMENT = /^\/(go|invite|unsubscribe)\/[^/]+/;

export const loggablePath = (path: string) => path.replace(SECRET_SEGMENT, '/$1/…');

/** The last middleware: logs what went wrong and answers with the mapped status and no internals. */
export function errorMiddleware(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const described = describeError(error);
    const status = httpStatusFor(described.code);
    if (status >= 500) {
      logger[described.code === 'UNAVAILABLE' ? 'warn' : 'error']('request failed', {
        method: req.method,
        path: loggablePath(req.path),
        requestId: req.headers['x-request-id'],
        code: described.code,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    if (res.headersSent) {
      // Mid-body: cut the connection, so a truncated answer can't pass for a complete one.
      res.destroy();
      return;
    }
    const retryAfter = retryAfterSecondsFor(described.code);
    if (retryAfter !== null) res.setHeader('Retry-After', String(retryAfter));
    res.setHeader('Cache-Control', 'no-store');
    res.status(status);
    if (JSON_PATHS.test(req.path)) {
      res.json({
        error: { code: described.code, message: described.message, fieldErrors: described.fieldErrors },
      });
    } else {
      res.type('html').send(errorPage(described.code === 'UNAVAILABLE'));
    }
  };
}

/** A page for failures that happen before Remix can render one (e.g. the session can't be read). */
function errorPage(unavailable: boolean): string {
  const [title, text] = unavailable
    ? [UNAVAILABLE_TITLE, UNAVAILABLE_TEXT]
    : ['Something went wrong', 'Please try again.'];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>body{font-family:system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f7f9;color:#1f2933}main{max-width:28rem;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 3px #0002}</style></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;
}

/**
 * Remix turns an error thrown by a loader or action into a bare 500 ("Unexpected Server Error" in
 * production). Those meaning "unavailable" become a thrown 503 response instead, with Retry-After,
 * which the root error boundary shows as the "try again in a minute" page; a rate limit or a refusal
 * (FORBIDDEN: a role, or the clinic's IP allowlist) becomes a 429 or 403 whose text the boundary
 * shows; everything else is left to Remix. Loaders that catch errors themselves still see the original error.
 */
export function withUnavailablePages(
  build: ServerBuild | (() => Promise<ServerBuild>),
  logger: Logger,
): ServerBuild | (() => Promise<ServerBuild>) {
  const wrap = (b: ServerBuild): ServerBuild => ({
    ...b,
    routes: Object.fromEntries(
      Object.entries(b.routes).map(([id, route]) => {
        const { loader, action, headers } = route.module;
        const guard =
          <A extends unknown[], R>(fn: (...args: A) => R) =>
          async (...args: A): Promise<Awaited<R>> => {
            try {
              return await fn(...args);
            } catch (error) {
              if (error instanceof Response) throw error;
              const described = describeError(error);
              const { code } = described;
              // Over a rate limit, or outside the clinic's allowed networks: a page that says so (the
              // RateLimit and Retry-After headers are already on the answer).
              if (code === 'RATE_LIMITED' || code === 'FORBIDDEN') {
                throw new Response(described.message, {
                  status: httpStatusFor(code),
                  statusText: code === 'RATE_LIMITED' ? 'Too Many Requests' : 'Forbidden',
                  headers: { 'Cache-Control': 'no-store' },
                });
              }
              if (code !== 'UNAVAILABLE') throw error;
              logger.warn('request failed', { route: id, code });
              throw new Response(UNAVAILABLE_TEXT, {
                status: httpStatusFor(code),
                statusText: 'Service Unavailable',
                headers: { 'Retry-After': String(retryAfterSecondsFor(code)), 'Cache-Control': 'no-store' },
              });
            }
          };
        const module = {
          ...route.module,
          ...(loader ? { loader: guard(loader) } : {}),
          ...(action ? { action: guard(action) } : {}),
          // Remix hands a thrown response's headers only to the route's own `headers` function; this
          // one behaves like the route's (or, without one, like Remix: the parent's) and adds those.
          headers: (args: HeadersArgs) => {
            const own = typeof headers === 'function' ? headers(args) : (headers ?? args.parentHeaders);
            const merged = new Headers(own);
            for (const name of ['Retry-After', 'Cache-Control']) {
              const value = args.errorHeaders?.get(name);
              if (value && args.errorHeaders?.has('Retry-After')) merged.set(name, value);
            }
            return merged;
          },
        };
        return [id, { ...route, module }];
      }),
    ),
  });
  return typeof build === 'function' ? async () => wrap(await build()) : wrap(build);
}

/**
 * A request Node's HTTP parser refused before any route saw it (headers over the size limit, a
 * malformed request line). Node's own answer writes the status and then destroys the socket: a
 * client still sending its oversized request then reads a reset instead of the answer. This one
 * answers and closes gracefully (FIN, not RST), so the client reads the 431 or 400.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // Already answered: the rest of the refused request is being drained (Node reports each piece).
  if (socket.writableEnded && error.code !== 'ECONNRESET') return;
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  // What the client is still sending is read and dropped; a client that never finishes is cut.
  socket.resume();
  setTimeout(() => socket.destroy(), 5_000).unref();
}
