// The web process: health checks, the tRPC endpoint, the REST API and the Remix app, on Express.
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { appRouter, createCaller, describeError, retryAfterSecondsFor } from '@clinicpay/api';
import { acceptStaffInvite, findInvitation, signIn, signOut, unsubscribeEmail } from '@clinicpay/domain';
import { observeClicks, type Container } from '@clinicpay/infrastructure';
import { createApiContext } from './api-context.ts';
import { clearSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './cookies.ts';
import type { WebLoadContext } from './load-context.ts';
import { answerClientError, errorMiddleware, handled, withUnavailablePages } from './errors.ts';
import { clientErrors } from './client-errors.ts';
import { devOutbox } from './dev-outbox.ts';
import { restRouter } from './rest.ts';
import { securityHeaders } from './security-headers.ts';
import { messagingWebhookRoutes } from './messaging-webhooks.ts';
import { openPatientLink, patientLinkRoutes, peekPatientLink } from './patient-links.ts';
import { limitByAddress } from './rate-limits.ts';
import { httpMetrics, metricsRoute } from './metrics.ts';

const WORKER_STALE_MS = 2 * 60_000;

/**
 * Cookie-authenticated writes must come from our own pages: SameSite=Lax already keeps the cookie
 * off cross-site POSTs, and this also refuses a foreign Origin (defence in depth).
 */
function sameOrigin(req: Request, publicBaseUrl: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  // `Origin: null` (a sandboxed or privacy-stripped page) or a malformed value is not us; never throws.
  const parsed = URL.parse(origin);
  if (!parsed) return false;
  const host = req.headers.host;
  return parsed.origin === new URL(publicBaseUrl).origin || (host !== undefined && parsed.host === host);
}

export function createApp(container: Container, build: ServerBuild | (() => Promise<ServerBuild>)) {
  const { config, logger } = container;
  const secure = config.publicBaseUrl.startsWith('https://');
  void container.listenForLinkChanges();
  const app = express();
  app.disable('x-powered-by');
  observeClicks(container.metrics, () => container.clicks.stats());
  app.use(httpMetrics(container));
  // The client address (req.ip) believes X-Forwarded-For only from the proxies TRUST_PROXY names.
  app.set('trust proxy', config.trustProxy);
  app.use((req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.use(securityHeaders({ publicBaseUrl: config.publicBaseUrl }));

  // The patient entry point and the Stripe webhook come first: the hot path skips everything else.
  app.use(patientLinkRoutes(container));
  app.use(messagingWebhookRoutes(container));
  // The rest of the patient pages, and the other pages anyone may open: one budget per address
  // (the payable redirect above is never limited: a clinic's or a carrier's shared address must not
  // keep its patients from paying).
  app.use(['/go', '/invite', '/unsubscribe'], limitByAddress(container));

  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });

  // GET /metrics — Prometheus (docs/operations.md): with METRICS_TOKEN, for that bearer only.
  app.get('/metrics', metricsRoute(container));

  // GET /healthz — the process is alive.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // GET /readyz — the database answers, migrations are applied; reports the worker's heartbeat.
  app.get(
    '/readyz',
    handled(async (_req, res) => {
      const r = await container.readiness();
      const ageMs = r.workerLastBeatAt
        ? container.clock.now().getTime() - r.workerLastBeatAt.getTime()
        : null;
      const ready = r.database && r.migrationsPending.length === 0;
      res.status(ready ? 200 : 503).json({
        status: ready ? 'ready' : 'not_ready',
        database: r.database ? 'ok' : 'unreachable',
        migrations: r.migrationsPending.length === 0 ? 'applied' : { pending: r.migrationsPending },
        worker: {
          lastHeartbeatAt: r.workerLastBeatAt?.toISOString() ?? null,
          status: ageMs === null ? 'never_seen' : ageMs < WORKER_STALE_MS ? 'ok' : 'stale',
        },
        // This process's click buffer (written off the redirect's path): how far behind it is.
        clicks: container.clicks.stats(),
      });
    }),
  );

  app.use(
    '/api/trpc',
    (req, res, next) => {
      if (req.method !== 'GET' && !sameOrigin(req, config.publicBaseUrl)) {
        res.status(403).json({ error: { code: 'FORBIDDEN', message: 'Cross-origin request refused' } });
        return;
      }
      next();
    },
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, res }) => createApiContext(container, req, res),
      onError: ({ error, path }) => {
        // tRPC's own refusals (a wrong method, an unreadable batch) are the caller's, not ours.
        const { code } = describeError(error);
        if (code === 'UNAVAILABLE') logger.warn('trpc error', { path, code, error: error.message });
        else if (error.code === 'INTERNAL_SERVER_ERROR')
          logger.error('trpc error', { path, code, error: error.message });
      },
      responseMeta: ({ errors }) => {
        const waits = errors.map((e) => retryAfterSecondsFor(describeError(e).code) ?? 0);
        const retryAfter = Math.max(0, ...waits);
        return retryAfter > 0 ? { headers: { 'Retry-After': String(retryAfter) } } : {};
      },
    }),
  );

  app.use('/api', express.json({ limit: '1mb' }), restRouter(container));

  app.use(
    '/assets',
    express.static(path.resolve(import.meta.dirname, '../build/client/assets'), {
      immutable: true,
      maxAge: '1y',
      index: false,
    }),
  );
  app.use(
    express.static(path.resolve(import.meta.dirname, '../build/client'), { maxAge: '1h', index: false }),
  );

  const remixHandler = createRequestHandler({
    build: withUnavailablePages(build, logger),
    mode: config.nodeEnv === 'production' ? 'production' : 'development',
    getLoadContext: async (req: Request, res: Response) => {
      const ctx = await createApiContext(container, req, res);
      const app: WebLoadContext = {
        caller: createCaller(ctx),
        signedIn: ctx.auth !== null,
        requestId: ctx.requestId,
        publicBaseUrl: config.publicBaseUrl,
        async signIn(email, password) {
          const result = await signIn(
            {
              email,
              password,
              ip: ctx.ip,
              userAgent: ctx.userAgent,
              requestId: ctx.requestId,
              absoluteTimeoutMs: config.session.absoluteTimeoutMs,
            },
            ctx.deps,
          );
          if (!result.ok) {
            return {
              ok: false,
              status: result.error.code === 'RATE_LIMITED' ? 429 : 401,
              message: result.error.message,
            };
          }
          return {
            ok: true,
            setCookie: sessionCookie(result.value.token, {
              secure,
              maxAgeSeconds: Math.floor(config.session.absoluteTimeoutMs / 1000),
            }),
          };
        },
        describeError,
        async invitation(token) {
          const found = await findInvitation(token, ctx.deps);
          return found
            ? { name: found.user.name, email: found.user.email, clinicName: found.clinicName }
            : null;
        },
        async acceptInvitation(token, password, confirm) {
          const result = await acceptStaffInvite(
            { token, password, confirm, requestId: ctx.requestId },
            {
              ...ctx.deps,
              email: ctx.deps.messaging.senders.email,
              fromEmail: ctx.deps.messaging.senders.fromEmail,
              baseUrl: config.publicBaseUrl,
            },
          );
          if (result.ok) return { ok: true, email: result.value.email };
          const described = describeError(result.error);
          return {
            ok: false,
            status: described.code === 'VALIDATION' ? 422 : 404,
            message: described.message,
            fieldErrors: described.fieldErrors,
          };
        },
        unsubscribe: (messageId) => unsubscribeEmail(messageId, container.messagingDeps()),
        outbox: () => devOutbox(container, ctx.auth),
        patientLinks: {
          open: (code) => openPatientLink(container, req, code),
          peek: (code) => peekPatientLink(container, req, code),
        },
        async signOut() {
          const token = readCookie(req.headers.cookie, SESSION_COOKIE);
          if (token) await signOut({ token }, ctx.deps);
          return clearSessionCookie({ secure });
        },
      };
      return { app };
    },
  });
  app.all('*', (req, res, next) => {
    if (
      (req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE') &&
      !sameOrigin(req, config.publicBaseUrl)
    ) {
      res.status(403).send('Cross-origin request refused');
      return;
    }
    return remixHandler(req, res, next);
  });
  // A request we could not read (a body not JSON or too large, a broken URL) is the caller's mistake.
  app.use(clientErrors);
  // Every other failure ends here: logged, and answered from the one error mapping without internals.
  app.use(errorMiddleware(logger));
  // Every server made from this app answers what Node's parser refuses without resetting the socket.
  const listen = app.listen.bind(app);
  app.listen = ((...args: Parameters<typeof listen>) =>
    listen(...args).on('clientError', answerClientError)) as typeof app.listen;
  return app;
}
