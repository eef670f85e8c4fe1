// The patient side: GET /go/:code (the short link), its pages, and POST /webhooks/stripe.
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import {
  acceptPaymentEvent,
  openLink,
  parseShortCode,
  requestNewLink,
  type OpenLinkOutcome,
} from '@clinicpay/domain';
import { detectBot, type Click, type Container } from '@clinicpay/infrastructure';
import { handled } from './errors.ts';
import type { PatientLinkView } from './load-context.ts';
import { clientAddress, limitByAddress } from './rate-limits.ts';

// Unknown codes per client address: 30 at once, then one every 20 s (a burst refills in 10 min).
// HAZARD: this does not hide which codes exist — a valid code must open even for a throttled address
// (a scanner on a clinic's Wi-Fi, or a carrier's shared address, must not lock its patients out).
// What makes guessing useless is the code's ~74 bits; this keeps a scanner slow and its load small.
const GUESSES = { burst: 30, intervalMs: 20_000 };

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
    ip: clientAddress(req),
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

  // POST /go/:code/request — the patient's "ask the clinic for a new link" on an expired or cancelled
  // link. Served here, ahead of the cookie-CSRF origin check: patient pages send no referrer, so the
  // browser posts this form with `Origin: null`, and the route needs no check — it reads no cookie,
  // acts only through the code (a bearer secret) and does one idempotent thing (a notice, at most
  // once a day per link). Every code gets the same answer, so it tells a guesser nothing.
  router.post(
    '/go/:code/request',
    limitByAddress(container),
    async (req: Request, res: Response, next: NextFunction) => {
      const code = String(req.params.code);
      try {
        await requestNewLink(code, container.paymentDeps());
        res.setHeader('Cache-Control', 'no-store');
        res.redirect(303, `/go/${encodeURIComponent(code)}?requested=1`);
      } catch (error) {
        next(error);
      }
    },
  );
  router.get('/go/:code/request', (req: Request, res: Response) => {
    res.redirect(303, `/go/${encodeURIComponent(String(req.params.code))}`);
  });

  // GET /go/:code — patient entry point: record the click, redirect to Stripe (303) when the link
  // is payable with its current session; anything else falls through to the full use case.
  router.get(
    '/go/:code',
    handled(async (req: Request, res: Response, next: NextFunction) => {
      const code = parseShortCode(String(req.params.code));
      if (!code || detectBot(req.method, req.headers['user-agent'])) return next();
      const now = container.clock.now();
      const target = await container.fastLinks.redirectFor(code, now.getTime());
      if (!target) return next();
      // Waits only while the click buffer is full (back-pressure), never fails.
      await container.clicks.record(
        clickFrom(req, { id: target.linkId, organizationId: target.organizationId }, now, true),
      );
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, target.url);
      container.metrics.redirects.inc({ outcome: 'redirect' });
    }),
  );

  // POST /webhooks/stripe — verify, store, enqueue, answer at once. An event that can't be stored
  // (the database is down) gets a 503 from the error middleware, so Stripe delivers it again.
  router.post(
    '/webhooks/stripe',
    express.raw({ type: () => true, limit: '2mb' }),
    handled(async (req: Request, res: Response) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const verified = container.stripeWebhooks.verify(
        body,
        req.headers['stripe-signature'] as string | undefined,
      );
      if (!verified.ok) {
        // 400: Stripe does not retry it, and retrying the same bytes could not help.
        const { problem, reason } = verified.error;
        const code = problem === 'invalid_signature' ? 'INVALID_SIGNATURE' : 'INVALID_EVENT';
        res.status(400).json({ error: { code, message: reason } });
        return;
      }
      const accepted = await acceptPaymentEvent(verified.value, container.paymentDeps());
      res.locals.webhookOutcome = accepted.duplicate ? 'duplicate' : 'stored';
      res.status(200).json({ received: true, duplicate: accepted.duplicate });
    }),
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

/** An unknown code counts as a guess by its client: not found, or throttled once there are too many. */
async function unknownCode(container: Container, req: Request): Promise<PatientLinkView> {
  const verdict = await container.guesses.take(
    `go:${clientAddress(req) ?? 'unknown'}`,
    container.clock.now(),
    GUESSES,
  );
  return verdict.ok
    ? { kind: 'not_found' }
    : { kind: 'throttled', retryAfterSeconds: Math.ceil(verdict.retryAfterMs / 1000) };
}

/** The full OpenLink use case for the Remix page, with bot handling and guess throttling. */
export async function openPatientLink(
  container: Container,
  req: Request,
  code: string,
): Promise<PatientLinkView> {
  const shown = await openForPatient(container, req, code);
  container.metrics.redirects.inc({ outcome: shown.kind === 'preview' ? 'bot' : shown.kind });
  return shown;
}

async function openForPatient(container: Container, req: Request, code: string): Promise<PatientLinkView> {
  const now = container.clock.now();
  const isBot = detectBot(req.method, req.headers['user-agent']) !== null;
  const paymentDeps = container.paymentDeps();
  const shortCode = parseShortCode(code);
  const peeked = shortCode ? await paymentDeps.repos.links.unsafeFindByShortCode(shortCode) : null;
  if (!peeked) return unknownCode(container, req);
  if (isBot) {
    // Previews and scanners: recorded, never given (or creating) a payment session.
    await container.clicks.record(clickFrom(req, peeked, now, false));
    const org = await paymentDeps.repos.organizations.findById(peeked.organizationId);
    return { kind: 'preview', clinic: { name: org?.name ?? '', phone: null, email: null } };
  }
  const outcome = await openLink(code, paymentDeps);
  await container.clicks.record(clickFrom(req, peeked, now, outcome.kind === 'redirect'));
  if (outcome.kind === 'redirect' && !container.fastLinks.isAllowed(outcome.url)) {
    container.logger.error('refusing to redirect outside the payment provider', { linkId: peeked.id });
    return { kind: 'not_found' };
  }
  if (shortCode) container.fastLinks.invalidate(shortCode);
  return view(outcome);
}

/** Read-only status for the pages Stripe returns patients to: never opens a session. */
export async function peekPatientLink(
  container: Container,
  req: Request,
  code: string,
): Promise<PatientLinkView> {
  const shortCode = parseShortCode(code);
  const deps = container.paymentDeps();
  const link = shortCode ? await deps.repos.links.unsafeFindByShortCode(shortCode) : null;
  if (!link) return unknownCode(container, req);
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
