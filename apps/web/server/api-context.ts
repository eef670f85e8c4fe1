// What a request to the API is: its credentials (session cookie or Bearer API key) resolved to an
// Auth, a request id, the client, and the SUPER_ADMIN's acting organization — with the request's
// dependencies from the container. Used by tRPC, the REST routes and the Remix load context alike.
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { resolveAuth, type ApiContext, type ApiDeps } from '@clinicpay/api';
import type { Container } from '@clinicpay/infrastructure';
import { readCookie, SESSION_COOKIE } from './cookies.ts';
import { applyRateLimit, clientAddress } from './rate-limits.ts';

function bearerOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim() ?? '';
}

/** `res`: where the rate-limit headers of the request's procedures go (none for in-process calls). */
export async function createApiContext(
  container: Container,
  req: Request,
  res?: Response,
): Promise<ApiContext> {
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
    ip: clientAddress(req),
    userAgent: req.headers['user-agent'] ?? null,
    actAsOrganizationId: (req.headers['x-act-as-organization'] as string | undefined) ?? null,
    ...(res ? { onRateLimit: (decision) => applyRateLimit(res, decision) } : {}),
    onAllowlistRefused: (subject) => container.metrics.allowlistRefused.inc({ subject }),
  };
}
