// The web process's metrics at the HTTP edge: every answer's duration by method, registered route
// and status; webhooks by provider and outcome; and GET /metrics itself (docs/operations.md).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { scrape, type Container } from '@clinicpay/infrastructure';
import { handled } from './errors.ts';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The pages' first path segments (Remix routes have no Express route to name them). */
const PAGE_ROOTS = new Set([
  'dashboard',
  'sign-in',
  'sign-out',
  'invite',
  'unsubscribe',
  'go',
  'assets',
  'dev',
]);
const WEBHOOK_PROVIDERS = new Set(['stripe', 'twilio', 'sendgrid']);

/**
 * A bounded label for the request's route: the Express route as registered (`/api/billing/links/:id`),
 * one label for tRPC, `/dashboard/*` and the like for pages, `other` for anything else.
 */
export function routeLabel(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (req.originalUrl.startsWith('/api/trpc')) return '/api/trpc';
  // Routers restore baseUrl as they are left, so where a route was mounted comes from the path:
  // REST routes live under /api. Remix answers from one catch-all route ('*'): its pages are named
  // by their first segment.
  if (typeof route === 'string' && route !== '*')
    return `${req.originalUrl.startsWith('/api/') ? '/api' : ''}${route}`;
  const first = req.originalUrl.split(/[/?]/)[1] ?? '';
  if (first === '') return '/';
  return PAGE_ROOTS.has(first) ? `/${first}/*` : 'other';
}

export function httpMetrics(container: Container): RequestHandler {
  const { httpDuration, webhooks } = container.metrics;
  return (req: Request, res: Response, next: NextFunction) => {
    const done = httpDuration.startTimer();
    res.once('finish', () => {
      const status = res.statusCode;
      done({
        method: METHODS.has(req.method) ? req.method : 'other',
        route: routeLabel(req),
        status: String(status),
      });
      const [, root, provider] = req.originalUrl.split(/[/?]/);
      if (root === 'webhooks') {
        const outcome =
          (res.locals.webhookOutcome as string | undefined) ??
          (status < 300 ? 'accepted' : status < 500 ? 'rejected' : 'unavailable');
        webhooks.inc({ provider: WEBHOOK_PROVIDERS.has(provider ?? '') ? provider! : 'other', outcome });
      }
    });
    next();
  };
}

/** GET /metrics: the token rule of `scrape` (infrastructure/observability/metrics.ts). */
export function metricsRoute(container: Container): RequestHandler {
  return handled(async (req: Request, res: Response) => {
    const answer = await scrape(container.metrics, container.config, req.headers.authorization);
    res.status(answer.status).set(answer.headers).send(answer.body);
  });
}
