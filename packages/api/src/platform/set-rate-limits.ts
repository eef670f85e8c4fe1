// platform.setRateLimits — the platform operator's per-organization budgets (a practice system that
// syncs all day may need more than the default). Audited.
import { AppError } from '@clinicpay/domain';
import { toTrpcError } from '../errors.ts';
import { platformProcedure } from '../trpc.ts';
import { setRateLimitsInput, type SetRateLimitsOutput } from './set-rate-limits.types.ts';

export const setRateLimitsProcedure = platformProcedure
  .input(setRateLimitsInput)
  .mutation(async ({ ctx, input }): Promise<SetRateLimitsOutput> => {
    const { organizationId } = input;
    if (!(await ctx.deps.organizations.findById(organizationId)))
      throw toTrpcError(AppError.notFound('Organization'));
    const overrides = Object.fromEntries(
      (['reads', 'writes', 'exports'] as const).flatMap((b) => (input[b] ? [[b, input[b]]] : [])),
    );
    const now = ctx.deps.clock.now();
    await ctx.deps.access.setRateLimitOverrides(organizationId, overrides, now);
    await ctx.deps.audit.append({
      organizationId,
      actor: ctx.actor,
      action: 'organization.rate_limits_update',
      entityType: 'organization',
      entityId: organizationId,
      requestId: ctx.requestId,
      occurredAt: now,
      data: { overrides },
    });
    const budgets = await ctx.deps.rateLimiter.budgetsFor(organizationId);
    if (!budgets)
      throw toTrpcError(AppError.conflict('Rate limits are turned off on this server (RATE_LIMITS=off)'));
    return { organizationId, ...budgets };
  });
