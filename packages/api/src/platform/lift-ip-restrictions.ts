// platform.liftIpRestrictions — the way back in for a clinic whose admins are shut out by their own
// allowlist (a new office, a changed address). Audited; the clinic's admins can set it again.
import { AppError } from '@clinicpay/domain';
import { toTrpcError } from '../errors.ts';
import { platformProcedure } from '../trpc.ts';
import { liftIpRestrictionsInput, type LiftIpRestrictionsOutput } from './lift-ip-restrictions.types.ts';

export const liftIpRestrictionsProcedure = platformProcedure
  .input(liftIpRestrictionsInput)
  .mutation(async ({ ctx, input }): Promise<LiftIpRestrictionsOutput> => {
    const { organizationId } = input;
    if (!(await ctx.deps.organizations.findById(organizationId)))
      throw toTrpcError(AppError.notFound('Organization'));
    const now = ctx.deps.clock.now();
    const lists = await ctx.deps.access.allowlists(organizationId);
    const lifted = [...lists.keys()].filter((s) => s === 'dashboard' || input.apiKeys);
    for (const subject of lifted) await ctx.deps.access.setAllowlist(organizationId, subject, [], now);
    await ctx.deps.audit.append({
      organizationId,
      actor: ctx.actor,
      action: 'organization.ip_restrictions_lift',
      entityType: 'organization',
      entityId: organizationId,
      requestId: ctx.requestId,
      occurredAt: now,
      data: { lifted },
    });
    return { organizationId, lifted };
  });
