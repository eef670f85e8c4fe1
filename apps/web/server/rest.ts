// The REST API (Bearer API keys), a thin layer over the same tRPC procedures the dashboard uses.
// Every route reads its input the same way: the query string and the JSON body through the
// procedure's own zod schema (fromQuery / fromBody), so bad input is refused here as in tRPC.
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import {
  createCaller,
  createCardUpdateLinkInput,
  createCheckoutLinkInput,
  expiringScanQuery,
  fromBody,
  fromQuery,
  getBulkSendStatusInput,
  getExportFilterInput,
  getOrganizationAnalyticsInput,
  listLinksInput,
  listPatientsInput,
  listUnassignedWebhookProblemsInput,
  listWebhookProblemsInput,
  regenerateLinkInput,
  sendLinkInput,
  startBulkSendInput,
  updatePatientContactInput,
  validateBulkSendInput,
} from '@clinicpay/api';
import type { Container } from '@clinicpay/infrastructure';
import { createApiContext } from './api-context.ts';
import { handled } from './errors.ts';
import { spendAnonymous } from './rate-limits.ts';
import { LINK_COLUMNS, linkRecord, PAYMENT_COLUMNS, paymentRecord, streamCsv } from './exports.ts';

type Caller = ReturnType<typeof createCaller>;

/** A route that calls procedures as the request's caller and answers their result as JSON. */
type Handle = <T>(
  handler: (caller: Caller, req: Request) => Promise<T>,
  status?: number | ((result: T) => number),
) => RequestHandler;

const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** A body that is not JSON is refused (415) rather than read as "no fields" and half-applied. */
function requireJsonBody(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || !hasBody(req) || req.is('application/json')) {
    next();
    return;
  }
  res.status(415).json({
    error: {
      code: 'VALIDATION',
      message: 'Send the body as JSON',
      fieldErrors: [{ field: 'Content-Type', message: 'must be application/json' }],
    },
  });
}

export function restRouter(container: Container): Router {
  const router = Router();
  router.use(requireJsonBody);

  // Failures go to the app's error middleware: one mapping, one JSON shape, Retry-After on 503.
  const handle: Handle = (handler, status = 200) =>
    handled(async (req: Request, res: Response) => {
      const ctx = await createApiContext(container, req, res);
      if (!ctx.auth) {
        // Guessing keys spends the address's budget.
        if (!(await spendAnonymous(container, req, res))) return;
        res.status(401).json({
          error: {
            code: 'UNAUTHENTICATED',
            message: 'A valid API key is required (Authorization: Bearer cpk_…)',
          },
        });
        return;
      }
      const result = await handler(createCaller(ctx), req);
      res.status(typeof status === 'number' ? status : status(result)).json(result);
    });

  patientRoutes(router, handle);
  linkRoutes(router, handle);
  messageRoutes(router, handle);
  analyticsRoutes(router, handle, container);
  bulkRoutes(router, handle);
  cardRoutes(router, handle);
  adminRoutes(router, handle);

  router.use((req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: `No API route ${req.method} ${req.path}` } });
  });
  return router;
}

/** The clinic's patients. */
function patientRoutes(router: Router, handle: Handle): void {
  // GET /api/patients — search the caller's patients.
  router.get(
    '/patients',
    handle((caller, req) => caller.patients.list(fromQuery(listPatientsInput, req.query))),
  );
  // GET /api/patients/:id — one patient of the caller's organization (404 for any other).
  router.get(
    '/patients/:id',
    handle((caller, req) => caller.patients.byId({ id: String(req.params.id) })),
  );
  // PATCH /api/patients/:id — update a patient's contact details.
  router.patch(
    '/patients/:id',
    handle((caller, req) =>
      caller.patients.updateContact(fromBody(updatePatientContactInput, req.body, { id: req.params.id })),
    ),
  );
}

/** Payment and card-update links. */
function linkRoutes(router: Router, handle: Handle): void {
  // POST /api/billing/checkout-link — create a payment link (the spec's request and response).
  router.post(
    '/billing/checkout-link',
    handle((caller, req) => caller.links.createCheckout(fromBody(createCheckoutLinkInput, req.body)), 201),
  );
  // POST /api/billing/card-update-link — create a card-update link (Checkout in setup mode, 30 days).
  router.post(
    '/billing/card-update-link',
    handle(
      (caller, req) => caller.links.createCardUpdate(fromBody(createCardUpdateLinkInput, req.body)),
      201,
    ),
  );
  // GET /api/billing/links — the clinic's links, newest first.
  router.get(
    '/billing/links',
    handle((caller, req) => caller.links.list(fromQuery(listLinksInput, req.query))),
  );
  // GET /api/billing/links/:id — one link with its payments and timeline.
  router.get(
    '/billing/links/:id',
    handle((caller, req) => caller.links.get({ id: String(req.params.id) })),
  );
  // POST /api/billing/links/:id/cancel — cancel an unpaid link (its Stripe session is expired).
  router.post(
    '/billing/links/:id/cancel',
    handle((caller, req) => caller.links.cancel({ id: String(req.params.id) })),
  );
  // POST /api/billing/links/:id/regenerate — a fresh link from an expired or cancelled one (201), or
  // the replacement it already has (200): the Idempotency-Key header makes a repeat return the same.
  router.post(
    '/billing/links/:id/regenerate',
    handle(
      (caller, req) =>
        caller.links.regenerate(
          fromBody(
            regenerateLinkInput,
            req.body,
            { id: req.params.id, idempotencyKey: req.headers['idempotency-key'] },
            { idempotencyKey: 'Idempotency-Key' },
          ),
        ),
      (result) => (result.duplicate ? 200 : 201),
    ),
  );
}

/** Sending links and retrying messages. */
function messageRoutes(router: Router, handle: Handle): void {
  // POST /api/billing/links/:id/send — send (again) by email and/or SMS: { channels, customMessage? }.
  router.post(
    '/billing/links/:id/send',
    handle((caller, req) =>
      caller.messaging.send(fromBody(sendLinkInput, req.body, { linkId: req.params.id })),
    ),
  );
  // GET /api/billing/links/:id/messages — every message for the link, with its delivery status.
  router.get(
    '/billing/links/:id/messages',
    handle((caller, req) => caller.messaging.forLink({ linkId: String(req.params.id) })),
  );
  // POST /api/messages/:id/retry — try a failed message again.
  router.post(
    '/messages/:id/retry',
    handle((caller, req) => caller.messaging.retry({ messageId: String(req.params.id) })),
  );
}

/** Analytics, and the CSV exports streamed with the same filters. */
function analyticsRoutes(router: Router, handle: Handle, container: Container): void {
  // GET /api/billing/links/:id/analytics — clicks, unique visitors, conversion, devices, timeline.
  router.get(
    '/billing/links/:id/analytics',
    handle((caller, req) => caller.analytics.link({ linkId: String(req.params.id) })),
  );
  // GET /api/billing/analytics?from&to&providerId&type — the organization's PaymentLinkAnalytics.
  router.get(
    '/billing/analytics',
    handle((caller, req) =>
      caller.analytics.organization(fromQuery(getOrganizationAnalyticsInput, req.query)),
    ),
  );
  // GET /api/billing/exports/links.csv and payments.csv — streamed, with the same filters.
  for (const kind of ['links', 'payments'] as const) {
    router.get(
      `/billing/exports/${kind}.csv`,
      // An error before the first row answers from the error mapping; one mid-stream cuts the
      // connection there, so a truncated download can't look complete.
      handled(async (req, res) => {
        const ctx = await createApiContext(container, req, res);
        if (!ctx.auth) {
          if (!(await spendAnonymous(container, req, res))) return;
          res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'Sign in or use an API key' } });
          return;
        }
        const filter = await createCaller(ctx).analytics.exportFilter(
          fromQuery(getExportFilterInput, req.query),
        );
        const reader = container.requestDeps().analytics.analytics;
        const name = `${kind}-${filter.from}-to-${filter.to}.csv`;
        if (kind === 'links')
          await streamCsv(res, name, LINK_COLUMNS, reader.exportLinks(filter), linkRecord);
        else await streamCsv(res, name, PAYMENT_COLUMNS, reader.exportPayments(filter), paymentRecord);
      }),
    );
  }
}

/** Bulk sends. */
function bulkRoutes(router: Router, handle: Handle): void {
  // POST /api/billing/bulk/validate — check rows (JSON `rows`, or `csv` text); sends nothing.
  router.post(
    '/billing/bulk/validate',
    handle((caller, req) => caller.bulk.validate(fromBody(validateBulkSendInput, req.body))),
  );
  // POST /api/billing/bulk — start a bulk send: { idempotencyKey, rows | csv, skipInvalid? } → 202.
  router.post(
    '/billing/bulk',
    handle((caller, req) => caller.bulk.start(fromBody(startBulkSendInput, req.body)), 202),
  );
  // GET /api/billing/bulk/:id?offset=&limit= — progress of a bulk send, and a page of its rows.
  router.get(
    '/billing/bulk/:id',
    handle((caller, req) =>
      caller.bulk.status(fromQuery(getBulkSendStatusInput, { ...req.query, batchId: String(req.params.id) })),
    ),
  );
}

/** Cards on file. */
function cardRoutes(router: Router, handle: Handle): void {
  // POST /api/billing/cards/expiring-scan?dryRun=true — card-update links for expiring cards.
  router.post(
    '/billing/cards/expiring-scan',
    handle((caller, req) =>
      fromQuery(expiringScanQuery, req.query).dryRun
        ? caller.cards.previewExpiringScan()
        : caller.cards.runExpiringScan(),
    ),
  );
  // POST /api/patients/:id/sync-card — refresh the card on file from Stripe.
  router.post(
    '/patients/:id/sync-card',
    handle((caller, req) => caller.cards.sync({ patientId: String(req.params.id) })),
  );
}

/** What admins and the platform operator look after. */
function adminRoutes(router: Router, handle: Handle): void {
  // GET /api/webhook-events — admins: the clinic's provider events that failed or are still retried.
  router.get(
    '/webhook-events',
    handle((caller, req) => caller.webhookEvents.problems(fromQuery(listWebhookProblemsInput, req.query))),
  );
  // GET /api/webhook-events/unassigned — the platform operator: those no clinic could be attached to.
  router.get(
    '/webhook-events/unassigned',
    handle((caller, req) =>
      caller.webhookEvents.unassigned(fromQuery(listUnassignedWebhookProblemsInput, req.query)),
    ),
  );

  // GET /api/providers
  router.get(
    '/providers',
    handle((caller) => caller.organization.providers()),
  );
}
