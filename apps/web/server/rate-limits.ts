// The HTTP side of rate limits and client addresses: which address a request comes from (the
// socket's, or what TRUST_PROXY's proxies say), the draft's RateLimit headers on the answer, and the
// per-address budget for the routes anyone may call (patient pages, invitations, unsubscribe).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimitHeaders, rateLimitMessage, rateSubject } from '@clinicpay/api';
import type { RateLimitDecision } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';

/**
 * The client's address: Express's `req.ip`, which follows X-Forwarded-For only through the proxies
 * TRUST_PROXY names (app.set('trust proxy')); otherwise it is the socket's address.
 */
export function clientAddress(req: Request): string | null {
  return req.ip ?? req.socket.remoteAddress ?? null;
}

/** Puts a decision's headers on the answer (the last decision of the request wins). */
export function applyRateLimit(res: Response, decision: RateLimitDecision): void {
  if (res.headersSent) return;
  for (const [name, value] of Object.entries(rateLimitHeaders(decision))) res.setHeader(name, value);
}

const JSON_PATHS = /^\/(api|webhooks)(\/|$)/;

function tooManyRequestsPage(seconds: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too many requests</title><style>body{font-family:system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f7f9;color:#1f2933}main{max-width:28rem;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 3px #0002}</style></head><body><main><h1>Too many requests</h1><p>Too many requests came from your network just now. Please try again in ${seconds} seconds.</p></main></body></html>`;
}

/** Answers 429 for a refused decision, as JSON under /api, as a page elsewhere. */
export function refuse(req: Request, res: Response, decision: RateLimitDecision): void {
  applyRateLimit(res, decision);
  res.setHeader('Cache-Control', 'no-store');
  res.status(429);
  const seconds = Math.max(1, decision.resetSeconds);
  if (JSON_PATHS.test(req.originalUrl)) {
    res.json({ error: { code: 'RATE_LIMITED', message: rateLimitMessage(decision, null), fieldErrors: [] } });
  } else {
    res.type('html').send(tooManyRequestsPage(seconds));
  }
}

/**
 * Counts the request on its address's `anonymous` budget and puts the decision's headers on the
 * answer: false when over budget (the 429 has been sent), true to go on.
 */
export async function spendAnonymous(container: Container, req: Request, res: Response): Promise<boolean> {
  const decision = await container.rateLimiter.take({
    subject: rateSubject(null, clientAddress(req)),
    budget: 'anonymous',
    organizationId: null,
  });
  if (decision && !decision.allowed) {
    refuse(req, res, decision);
    return false;
  }
  if (decision) applyRateLimit(res, decision);
  return true;
}

/** The `anonymous` budget in front of a route: 429 when over, else on to the route. */
export function limitByAddress(container: Container): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    spendAnonymous(container, req, res)
      .then((goOn) => (goOn ? next() : undefined))
      .catch(next);
  };
}
