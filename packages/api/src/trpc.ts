import { initTRPC, TRPCError } from '@trpc/server';
import { AppError, can, type Actor, type Permission } from '@clinicpay/domain';
import type { ApiContext } from './context.ts';
import { describeError, httpStatusFor, toTrpcError } from './errors.ts';

const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    const described = describeError(error);
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
export const publicProcedure = t.procedure;

/** Expected failures come back as Result; this unwraps one or throws the mapped error. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: AppError }): T {
  if (!result.ok) throw toTrpcError(result.error);
  return result.value;
}

export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.auth) throw toTrpcError(AppError.unauthenticated());
  return next({ ctx: { ...ctx, auth: ctx.auth } });
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
  return next({ ctx: { ...ctx, auth, organizationId, actor } satisfies TenantContext });
});

/** Role check; API keys act with the rights of a BILLING staff member. */
export function requirePermission(permission: Permission) {
  return tenantProcedure.use(({ ctx, next }) => {
    const role = ctx.auth.kind === 'api_key' ? 'BILLING' : ctx.auth.role;
    if (!can(role, permission)) throw toTrpcError(AppError.forbidden());
    return next();
  });
}
