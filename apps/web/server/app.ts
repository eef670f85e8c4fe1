// The web process: health checks, the tRPC endpoint, the REST API and the Remix app, on Express.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import {
  appRouter,
  createCaller,
  describeError,
  resolveAuth,
  type ApiContext,
  type ApiDeps,
} from '@clinicpay/api';
import { acceptStaffInvite, findInvitation, signIn, signOut, unsubscribeEmail } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';
import { clearSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './cookies.ts';
import type { WebLoadContext } from './load-context.ts';
import { restRouter } from './rest.ts';
import { messagingWebhookRoutes } from './messaging-webhooks.ts';
import {
  openPatientLink,
  patientLinkRoutes,
  peekPatientLink,
  requestNewPatientLink,
} from './patient-links.ts';

const WORKER_STALE_MS = 2 * 60_000;

function bearerOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim() ?? '';
}

export async function createApiContext(container: Container, req: Request): Promise<ApiContext> {
  const deps: ApiDeps = container.requestDeps();
  const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID();
  const auth = await resolveAuth(
    {
      sessionToken: readCookie(req.headers.cookie, SESSION_COOKIE),
      bearer: bearerOf(req),
      idleTimeoutMs: container.config.session.idleTimeoutMs,
    },
    deps,
  );
  return {
    deps,
    auth,
    requestId,
    ip: req.socket.remoteAddress ?? null,
    userAgent: req.headers['user-agent'] ?? null,
    actAsOrganizationId: (req.headers['x-act-as-organization'] as string | undefined) ?? null,
  };
}

/**
 * Cookie-authenticated writes must come from our own pages: SameSite=Lax already keeps the cookie
 * off cross-site POSTs, and this also refuses a foreign Origin (defence in depth).
 */
function sameOrigin(req: Request, publicBaseUrl: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  const host = req.headers.host;
  return origin === new URL(publicBaseUrl).origin || (host !== undefined && new URL(origin).host === host);
}

export function createApp(container: Container, build: ServerBuild | (() => Promise<ServerBuild>)) {
  const { config, logger } = container;
  const secure = config.publicBaseUrl.startsWith('https://');
  void container.listenForLinkChanges();
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });

  // The patient entry point and the Stripe webhook come first: the hot path skips everything else.
  app.use(patientLinkRoutes(container));
  app.use(messagingWebhookRoutes(container));

  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });

  // GET /healthz — the process is alive.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // GET /readyz — the database answers, migrations are applied; reports the worker's heartbeat.
  app.get('/readyz', async (_req, res) => {
    const r = await container.readiness();
    const ageMs = r.workerLastBeatAt ? container.clock.now().getTime() - r.workerLastBeatAt.getTime() : null;
    const ready = r.database && r.migrationsPending.length === 0;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      database: r.database ? 'ok' : 'unreachable',
      migrations: r.migrationsPending.length === 0 ? 'applied' : { pending: r.migrationsPending },
      worker: {
        lastHeartbeatAt: r.workerLastBeatAt?.toISOString() ?? null,
        status: ageMs === null ? 'never_seen' : ageMs < WORKER_STALE_MS ? 'ok' : 'stale',
      },
    });
  });

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
      createContext: ({ req }) => createApiContext(container, req),
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          logger.error('trpc error', { path, error: error.message });
      },
    }),
  );

  app.use('/api', express.json({ limit: '1mb' }), restRouter(container));
  // A body that is not JSON (or too large) is the caller's mistake, never a 500.
  app.use(
    '/api',
    (error: { type?: string; status?: number }, _req: Request, res: Response, next: (e: unknown) => void) => {
      if (error.type === 'entity.parse.failed') {
        res.status(400).json({
          error: {
            code: 'VALIDATION',
            message: 'The request body is not valid JSON',
            fieldErrors: [{ field: 'body', message: 'not valid JSON' }],
          },
        });
      } else if (error.type === 'entity.too.large') {
        res
          .status(413)
          .json({ error: { code: 'VALIDATION', message: 'The request body is too large', fieldErrors: [] } });
      } else {
        next(error);
      }
    },
  );

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
    build,
    mode: config.nodeEnv === 'production' ? 'production' : 'development',
    getLoadContext: async (req: Request, res: Response) => {
      const ctx = await createApiContext(container, req);
      const app: WebLoadContext = {
        caller: createCaller(ctx),
        signedIn: ctx.auth !== null,
        requestId: ctx.requestId,
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
        async outbox() {
          if (!container.messagingUsesCapture) return null;
          const [sent, waiting] = await Promise.all([
            container.listOutbox(100),
            container.listWaitingMessages(50),
          ]);
          return {
            sent: sent.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
            waiting: waiting.map((w) => ({ ...w, scheduledFor: w.scheduledFor.toISOString() })),
          };
        },
        patientLinks: {
          open: (code) => openPatientLink(container, req, code),
          peek: (code) => peekPatientLink(container, code),
          requestNew: (code) => requestNewPatientLink(container, code),
        },
        async signOut() {
          const token = readCookie(req.headers.cookie, SESSION_COOKIE);
          if (token) await signOut({ token }, ctx.deps);
          return clearSessionCookie({ secure });
        },
      };
      void res;
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
  // Last resort: log it, and tell the client nothing about our internals.
  app.use((error: unknown, req: Request, res: Response, _next: (e: unknown) => void) => {
    logger.error('unhandled error', {
      path: req.path,
      error: error instanceof Error ? error.message : String(error),
    });
    if (res.headersSent) return;
    res.status(500).type('text/plain').send('Something went wrong. Please try again.');
  });
  return app;
}
