// The REST API (Bearer API keys), a thin layer over the same tRPC procedures the dashboard uses.
import { Router, type Request, type Response } from 'express';
import { createCaller, describeError, httpStatusFor } from '@clinicpay/api';
import type { Container } from '@clinicpay/infrastructure';
import { createApiContext } from './app.ts';
import { LINK_COLUMNS, linkRecord, PAYMENT_COLUMNS, paymentRecord, streamCsv } from './exports.ts';

type Handler = (caller: ReturnType<typeof createCaller>, req: Request) => Promise<unknown>;

export function restRouter(container: Container): Router {
  const router = Router();

  const handle =
    (handler: Handler, status = 200) =>
    async (req: Request, res: Response) => {
      try {
        const ctx = await createApiContext(container, req);
        if (!ctx.auth) {
          res.status(401).json({
            error: {
              code: 'UNAUTHENTICATED',
              message: 'A valid API key is required (Authorization: Bearer cpk_…)',
            },
          });
          return;
        }
        res.status(status).json(await handler(createCaller(ctx), req));
      } catch (error) {
        const described = describeError(error);
        if (described.code === 'INTERNAL')
          container.logger.error('rest error', { path: req.path, error: String(error) });
        res.status(httpStatusFor(described.code)).json({
          error: { code: described.code, message: described.message, fieldErrors: described.fieldErrors },
        });
      }
    };

  // GET /api/patients — search the caller's patients.
  router.get(
    '/patients',
    handle((caller, req) =>
      caller.patients.list({
        query: typeof req.query.query === 'string' ? req.query.query : undefined,
        limit: req.query.limit ? Number(req.query.limit) : 25,
        offset: req.query.offset ? Number(req.query.offset) : 0,
      }),
    ),
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
      caller.patients.updateContact({ ...(req.body ?? {}), id: String(req.params.id) }),
    ),
  );
  const body = (req: Request): Record<string, unknown> =>
    req.body && typeof req.body === 'object' && !Array.isArray(req.body)
      ? (req.body as Record<string, unknown>)
      : {};

  // POST /api/billing/checkout-link — create a payment link (the spec's request and response).
  router.post(
    '/billing/checkout-link',
    handle((caller, req) => caller.links.createCheckout(body(req) as never), 201),
  );
  // POST /api/billing/card-update-link — create a card-update link (Checkout in setup mode, 30 days).
  router.post(
    '/billing/card-update-link',
    handle((caller, req) => caller.links.createCardUpdate(body(req) as never), 201),
  );
  // GET /api/billing/links — the clinic's links, newest first.
  router.get(
    '/billing/links',
    handle((caller, req) =>
      caller.links.list({
        ...(typeof req.query.status === 'string' ? { status: req.query.status as never } : {}),
        ...(typeof req.query.type === 'string' ? { type: req.query.type as never } : {}),
        ...(typeof req.query.patientId === 'string' ? { patientId: req.query.patientId } : {}),
        ...(typeof req.query.providerId === 'string' ? { providerId: req.query.providerId } : {}),
        ...(typeof req.query.channel === 'string' ? { channel: req.query.channel as never } : {}),
        ...(typeof req.query.q === 'string' ? { q: req.query.q } : {}),
        ...(typeof req.query.from === 'string' ? { from: req.query.from } : {}),
        ...(typeof req.query.to === 'string' ? { to: req.query.to } : {}),
        ...(typeof req.query.sort === 'string' ? { sort: req.query.sort as never } : {}),
        limit: req.query.limit ? Number(req.query.limit) : 25,
        offset: req.query.offset ? Number(req.query.offset) : 0,
      }),
    ),
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
  // POST /api/billing/links/:id/regenerate — a fresh link from an expired or cancelled one.
  router.post(
    '/billing/links/:id/regenerate',
    handle(
      (caller, req) =>
        caller.links.regenerate({ id: String(req.params.id), ...(body(req) as { expiresIn?: number }) }),
      201,
    ),
  );
  // POST /api/billing/links/:id/send — send (again) by email and/or SMS: { channels, customMessage? }.
  router.post(
    '/billing/links/:id/send',
    handle((caller, req) =>
      caller.messaging.send({
        ...(body(req) as { channels: Array<'email' | 'sms'> }),
        linkId: String(req.params.id),
      }),
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

  // GET /api/billing/links/:id/analytics — clicks, unique visitors, conversion, devices, timeline.
  router.get(
    '/billing/links/:id/analytics',
    handle((caller, req) => caller.analytics.link({ linkId: String(req.params.id) })),
  );
  const analyticsQuery = (req: Request) => ({
    from: typeof req.query.from === 'string' ? req.query.from : null,
    to: typeof req.query.to === 'string' ? req.query.to : null,
    providerId: typeof req.query.providerId === 'string' ? req.query.providerId : null,
    type: typeof req.query.type === 'string' ? req.query.type : null,
  });
  // GET /api/billing/analytics?from&to&providerId&type — the organization's PaymentLinkAnalytics.
  router.get(
    '/billing/analytics',
    handle((caller, req) => caller.analytics.organization(analyticsQuery(req))),
  );
  // GET /api/billing/exports/links.csv and payments.csv — streamed, with the same filters.
  for (const kind of ['links', 'payments'] as const) {
    router.get(`/billing/exports/${kind}.csv`, async (req, res) => {
      let filter;
      try {
        const ctx = await createApiContext(container, req);
        if (!ctx.auth) {
          res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'Sign in or use an API key' } });
          return;
        }
        filter = await createCaller(ctx).analytics.exportFilter(analyticsQuery(req));
      } catch (error) {
        const described = describeError(error);
        res.status(httpStatusFor(described.code)).json({
          error: { code: described.code, message: described.message, fieldErrors: described.fieldErrors },
        });
        return;
      }
      const reader = container.requestDeps().analytics.analytics;
      const name = `${kind}-${filter.from}-to-${filter.to}.csv`;
      try {
        if (kind === 'links')
          await streamCsv(res, name, LINK_COLUMNS, reader.exportLinks(filter), linkRecord);
        else await streamCsv(res, name, PAYMENT_COLUMNS, reader.exportPayments(filter), paymentRecord);
      } catch (error) {
        container.logger.error('export failed', { kind, error: String(error) });
        res.destroy(); // mid-stream: a truncated download must not look complete
      }
    });
  }

  // POST /api/billing/bulk/validate — check rows (JSON `rows`, or `csv` text); sends nothing.
  router.post(
    '/billing/bulk/validate',
    handle((caller, req) => caller.bulk.validate(body(req) as never)),
  );
  // POST /api/billing/bulk — start a bulk send: { idempotencyKey, rows | csv, skipInvalid? } → 202.
  router.post(
    '/billing/bulk',
    handle((caller, req) => caller.bulk.start(body(req) as never), 202),
  );
  // GET /api/billing/bulk/:id — progress of a bulk send.
  router.get(
    '/billing/bulk/:id',
    handle((caller, req) => caller.bulk.status({ batchId: String(req.params.id) })),
  );

  // POST /api/billing/cards/expiring-scan?dryRun=true — card-update links for expiring cards.
  router.post(
    '/billing/cards/expiring-scan',
    handle((caller, req) =>
      req.query.dryRun === 'false' ? caller.cards.runExpiringScan() : caller.cards.previewExpiringScan(),
    ),
  );
  // POST /api/patients/:id/sync-card — refresh the card on file from Stripe.
  router.post(
    '/patients/:id/sync-card',
    handle((caller, req) => caller.cards.sync({ patientId: String(req.params.id) })),
  );

  // GET /api/providers
  router.get(
    '/providers',
    handle((caller) => caller.organization.providers()),
  );

  router.use((req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: `No API route ${req.method} ${req.path}` } });
  });
  return router;
}
