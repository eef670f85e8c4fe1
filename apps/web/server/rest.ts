// The REST API (Bearer API keys), a thin layer over the same tRPC procedures the dashboard uses.
import { Router, type Request, type Response } from 'express';
import { createCaller, describeError, httpStatusFor } from '@clinicpay/api';
import type { Container } from '@clinicpay/infrastructure';
import { createApiContext } from './app.ts';

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
