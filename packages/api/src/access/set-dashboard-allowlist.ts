// access.setDashboardAllowlist — where staff may use the dashboard from. Refused (422, naming
// `ranges`) when the list would shut out the admin saving it: nobody locks themselves out.
import { AppError } from '@clinicpay/domain';
import { toTrpcError } from '../errors.ts';
import { requirePermission } from '../trpc.ts';
import { addressAllowed, displayAddress, parseAllowlist } from './ip-ranges.ts';
import {
  setDashboardAllowlistInput,
  type SetDashboardAllowlistOutput,
} from './set-dashboard-allowlist.types.ts';

export const setDashboardAllowlistProcedure = requirePermission('org:manage')
  .input(setDashboardAllowlistInput)
  .mutation(async ({ ctx, input }): Promise<SetDashboardAllowlistOutput> => {
    const parsed = parseAllowlist(input.ranges, 'ranges');
    if (!parsed.ok) throw toTrpcError(AppError.validationErrors(parsed.errors));
    const { ranges } = parsed;
    if (ranges.length > 0 && !addressAllowed(ranges, ctx.ip)) {
      const seen = displayAddress(ctx.ip) ?? 'unknown';
      throw toTrpcError(
        AppError.validation(
          'ranges',
          `must include the address you are connecting from (${seen}), or you would lock yourself out`,
        ),
      );
    }
    const now = ctx.deps.clock.now();
    await ctx.deps.access.setAllowlist(ctx.organizationId, 'dashboard', ranges, now);
    await ctx.deps.audit.append({
      organizationId: ctx.organizationId,
      actor: ctx.actor,
      action: 'organization.ip_allowlist_update',
      entityType: 'organization',
      entityId: ctx.organizationId,
      requestId: ctx.requestId,
      occurredAt: now,
      data: { ranges },
    });
    return { dashboard: ranges };
  });
