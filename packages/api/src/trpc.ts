import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { AppError, AppErrorCode, can, type Actor, type Permission, type RateBudget } from '@clinicpay/domain';
import type { ApiContext } from './context.ts';
import { describeError, httpStatusFor, toTrpcError } from './errors.ts';
import { rateLimitMessage, rateSubject } from './access/rate-limits.ts';
import { addressAllowed, displayAddress } from './access/ip-ranges.ts';

/** What a procedure may say about itself: the budget it draws on, when not its kind's default. */
export type ProcedureMeta = { budget?: Exclude<RateBudget, 'anonymous'> };

/**
 * Refusals tRPC makes itself, before any procedure runs, and the part of the request each blames:
 * the caller's mistake, with tRPC's own status (415, 405, 413, 400) — never a 500 or a nameless 422.
 */
const TRANSPORT_REFUSALS: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  UNSUPPORTED_MEDIA_TYPE: 'Content-Type',
  METHOD_NOT_SUPPORTED: 'method',
  PAYLOAD_TOO_LARGE: 'body',
  PARSE_ERROR: 'input',
};

const t = initTRPC
  .context<ApiContext>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const described = describeError(error);
      // BAD_REQUEST with no field at fault is tRPC unable to read the input (not JSON, a bad batch).
      const unreadable = error.code === 'BAD_REQUEST' && described.fieldErrors.length === 0;
      const blamed = TRANSPORT_REFUSALS[error.code] ?? (unreadable ? 'input' : undefined);
      if (blamed) {
        return {
          ...shape,
          data: {
            code: shape.data.code,
            httpStatus: unreadable ? 400 : shape.data.httpStatus,
            appCode: AppErrorCode.VALIDATION,
            fieldErrors: [{ field: blamed, message: error.message }],
          },
        };
      }
      return {
        ...shape,
        message: described.message,
        data: {
          code: shape.data.code,
          httpStatus: httpStatusFor(described.code),
          appCode: described.code,
          fieldErrors: described.fieldErrors,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure draws on a budget before it runs (docs/api.md, "Rate limits"): queries on `reads`,
 * mutations on `writes`, exports on `exports`, per API key or signed-in user; a caller without a
 * credential on `anonymous`, per address. Over budget → 429 with the wait, and nothing runs.
 */
export const publicProcedure = t.procedure.use(async ({ ctx, type, meta, next }) => {
  const budget: RateBudget = !ctx.auth
    ? 'anonymous'
    : (meta?.budget ?? (type === 'query' ? 'reads' : 'writes'));
  const decision = await ctx.deps.rateLimiter.take({
    subject: rateSubject(ctx.auth, ctx.ip),
    budget,
    organizationId: ctx.auth?.organizationId ?? null,
  });
  if (decision) {
    ctx.onRateLimit?.(decision);
    if (!decision.allowed) throw toTrpcError(AppError.rateLimited(rateLimitMessage(decision, ctx.auth)));
  }
  return next();
});

/** Expected failures come back as Result; this unwraps one or throws the mapped error. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: AppError }): T {
  if (!result.ok) throw toTrpcError(result.error);
  return result.value;
}

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.auth) throw toTrpcError(AppError.unauthenticated());
  return next({ ctx: { ...ctx, auth: ctx.auth } });
});

/** Outside any tenant: only the platform operator (SUPER_ADMIN), never an API key. */
export const platformProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.auth.kind !== 'user' || ctx.auth.role !== 'SUPER_ADMIN') throw toTrpcError(AppError.forbidden());
  const actor: Actor = { type: 'user', userId: ctx.auth.user.id, role: ctx.auth.role };
  return next({ ctx: { actor } });
});

export type TenantContext = ApiContext & {
  auth: NonNullable<ApiContext['auth']>;
  organizationId: string;
  actor: Actor;
};

/**
 * Every tenant-scoped procedure runs for exactly one organization: the caller's own, or — for a
 * SUPER_ADMIN using the admin override — the one named in the request, audited each time.
 */
export const tenantProcedure = authedProcedure.use(async ({ ctx, next, path }) => {
  const auth = ctx.auth;
  let organizationId: string | null;
  let actor: Actor;
  if (auth.kind === 'api_key') {
    organizationId = auth.organizationId;
    actor = { type: 'api_key', apiKeyId: auth.apiKey.id };
  } else {
    actor = { type: 'user', userId: auth.user.id, role: auth.role };
    organizationId = auth.organizationId;
    if (auth.role === 'SUPER_ADMIN') {
      organizationId = ctx.actAsOrganizationId;
      if (!organizationId || !(await ctx.deps.organizations.findById(organizationId))) {
        throw toTrpcError(AppError.notFound('Organization'));
      }
      await ctx.deps.audit.append({
        organizationId,
        actor,
        action: 'super_admin.override',
        entityType: 'procedure',
        entityId: path,
        requestId: ctx.requestId,
        occurredAt: ctx.deps.clock.now(),
      });
    }
  }
  if (!organizationId)
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Caller has no organization' });
  await checkAllowlist(ctx, auth, organizationId);
  return next({ ctx: { ...ctx, auth, organizationId, actor } satisfies TenantContext });
});

/**
 * The organization's IP allowlists: staff on the dashboard (the platform operator is never held by
 * one: it is how a locked-out clinic gets back in) and each API key, when set. Refused → 403 naming
 * the address seen.
 */
async function checkAllowlist(
  ctx: ApiContext,
  auth: NonNullable<ApiContext['auth']>,
  organizationId: string,
): Promise<void> {
  if (auth.kind === 'user' && auth.role === 'SUPER_ADMIN') return;
  const guards = auth.kind === 'api_key' ? 'api_key' : 'dashboard';
  const subject = auth.kind === 'api_key' ? (`api_key:${auth.apiKey.id}` as const) : 'dashboard';
  const ranges = await ctx.deps.access.allowlist(organizationId, subject);
  if (ranges.length === 0 || addressAllowed(ranges, ctx.ip)) return;
  ctx.onAllowlistRefused?.(guards);
  const seen = displayAddress(ctx.ip) ?? 'unknown';
  throw toTrpcError(
    AppError.forbidden(
      auth.kind === 'api_key'
        ? `This API key may only be used from its allowed addresses; this request came from ${seen}`
        : `Your clinic allows the dashboard only from its own networks; you are connecting from ${seen}. Ask an admin to add this address.`,
    ),
  );
}

/** Role check; API keys act with the rights of a BILLING staff member. */
export function requirePermission(permission: Permission) {
  return tenantProcedure.use(({ ctx, next }) => {
    const role = ctx.auth.kind === 'api_key' ? 'BILLING' : ctx.auth.role;
    if (!can(role, permission)) throw toTrpcError(AppError.forbidden());
    return next();
  });
}
