// The patient side: GET /go/:code (the short link), its pages, and POST /webhooks/stripe.
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { openLink, parseShortCode, requestNewLink, type OpenLinkOutcome } from '@clinicpay/domain';
import { acceptStripeWebhook, detectBot, type Click, type Container } from '@clinicpay/infrastructure';
import type { PatientLinkView } from './load-context.ts';

const MISS_LIMIT = 30;
const MISS_WINDOW_MS = 10 * 60_000;

function clickFrom(
  req: Request,
  link: { id: string; organizationId: string },
  now: Date,
  redirected: boolean,
): Click {
  const userAgent = req.headers['user-agent'];
  const botReason = detectBot(req.method, userAgent);
  const via = typeof req.query.via === 'string' ? req.query.via.slice(0, 10) : null;
  return {
    linkId: link.id,
    organizationId: link.organizationId,
    at: now,
    method: req.method,
    ip: req.socket.remoteAddress ?? null,
    userAgent: userAgent ?? null,
    referrer: req.headers.referer ?? null,
    channel: via === 'e' ? 'email' : via === 's' ? 'sms' : via === 'd' ? 'direct' : null,
    isBot: botReason !== null,
    botReason,
    redirected: redirected && botReason === null,
  };
}

export function patientLinkRoutes(container: Container): Router {
  const router = Router();

  // GET /go/:code — patient entry point: record the click, redirect to Stripe (303) when the link
  // is payable with its current session; anything else falls through to the full use case.
  router.get('/go/:code', async (req: Request, res: Response, next: NextFunction) => {
    const code = parseShortCode(String(req.params.code));
    if (!code || detectBot(req.method, req.headers['user-agent'])) return next();
    try {
      const now = container.clock.now();
      const target = await container.fastLinks.redirectFor(code, now.getTime());
      if (!target) return next();
      container.clicks.record(
        clickFrom(req, { id: target.linkId, organizationId: target.organizationId }, now, true),
      );
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, target.url);
    } catch (error) {
      next(error);
    }
  });

  // POST /webhooks/stripe — verify, store, enqueue, answer at once.
  router.post(
    '/webhooks/stripe',
    express.raw({ type: () => true, limit: '2mb' }),
    async (req: Request, res: Response) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const result = await acceptStripeWebhook(
        container,
        body,
        req.headers['stripe-signature'] as string | undefined,
      );
      if (result.status === 'rejected') {
        res.status(400).json({ error: { code: 'INVALID_SIGNATURE', message: result.reason } });
        return;
      }
      res.status(200).json({ received: true, duplicate: result.duplicate });
    },
  );

  return router;
}

function view(outcome: OpenLinkOutcome): PatientLinkView {
  switch (outcome.kind) {
    case 'redirect':
      return { kind: 'redirect', url: outcome.url };
    case 'not_found':
      return { kind: 'not_found' };
    case 'paid':
    case 'closed': {
      const { link, organization } = outcome;
      return {
        kind: outcome.kind,
        reason: outcome.kind === 'closed' ? outcome.reason : null,
        linkType: link.type,
        clinic: {
          name: organization.name,
          phone: organization.contactPhone,
          email: organization.contactEmail,
        },
        amountMinor: link.amountMinor,
        currency: link.currency,
        locale: organization.locale,
        receiptUrl: link.receiptUrl,
        newLinkRequested: link.newLinkRequestedAt !== null,
      };
    }
  }
}

/** The full OpenLink use case for the Remix page, with bot handling and guess throttling. */
export async function openPatientLink(
  container: Container,
  req: Request,
  code: string,
): Promise<PatientLinkView> {
  const ip = req.socket.remoteAddress ?? 'unknown';
  const deps = container.requestDeps();
  const now = container.clock.now();
  const missKey = `go-miss:${ip}`;
  if (await deps.throttle.lockedUntil([missKey], now)) return { kind: 'throttled' };

  const isBot = detectBot(req.method, req.headers['user-agent']) !== null;
  const paymentDeps = container.paymentDeps();
  const shortCode = parseShortCode(code);
  const peeked = shortCode ? await paymentDeps.repos.links.unsafeFindByShortCode(shortCode) : null;
  if (!peeked) {
    await deps.throttle.recordFailure(
      [{ key: missKey, limit: MISS_LIMIT }],
      now,
      MISS_WINDOW_MS,
      MISS_WINDOW_MS,
    );
    return { kind: 'not_found' };
  }
  if (isBot) {
    // Previews and scanners: recorded, never given (or creating) a payment session.
    container.clicks.record(clickFrom(req, peeked, now, false));
    const org = await paymentDeps.repos.organizations.findById(peeked.organizationId);
    return { kind: 'preview', clinic: { name: org?.name ?? '', phone: null, email: null } };
  }
  const outcome = await openLink(code, paymentDeps);
  container.clicks.record(clickFrom(req, peeked, now, outcome.kind === 'redirect'));
  if (outcome.kind === 'redirect' && !container.fastLinks.isAllowed(outcome.url)) {
    container.logger.error('refusing to redirect outside the payment provider', { linkId: peeked.id });
    return { kind: 'not_found' };
  }
  if (shortCode) container.fastLinks.invalidate(shortCode);
  return view(outcome);
}

/** Read-only status for the pages Stripe returns patients to: never opens a session. */
export async function peekPatientLink(container: Container, code: string): Promise<PatientLinkView> {
  const shortCode = parseShortCode(code);
  const deps = container.paymentDeps();
  const link = shortCode ? await deps.repos.links.unsafeFindByShortCode(shortCode) : null;
  if (!link) return { kind: 'not_found' };
  const organization = await deps.repos.organizations.findById(link.organizationId);
  if (!organization) return { kind: 'not_found' };
  if (link.status === 'ACTIVE') {
    return {
      kind: 'pending',
      linkType: link.type,
      clinic: { name: organization.name, phone: organization.contactPhone, email: organization.contactEmail },
    };
  }
  return view(
    link.status === 'EXPIRED' || link.status === 'CANCELLED'
      ? { kind: 'closed', reason: link.status === 'EXPIRED' ? 'expired' : 'cancelled', link, organization }
      : { kind: 'paid', link, organization },
  );
}

export async function requestNewPatientLink(container: Container, code: string) {
  return requestNewLink(code, container.paymentDeps());
}
