// access.setApiKeyAllowlist — the addresses one API key may be used from (a practice system's
// server, say). Requests with the key from anywhere else get 403.
import { AppError } from '@clinicpay/domain';
import { toTrpcError } from '../errors.ts';
import { requirePermission } from '../trpc.ts';
import { parseAllowlist } from './ip-ranges.ts';
import { setApiKeyAllowlistInput, type SetApiKeyAllowlistOutput } from './set-api-key-allowlist.types.ts';

export const setApiKeyAllowlistProcedure = requirePermission('api-keys:manage')
  .input(setApiKeyAllowlistInput)
  .mutation(async ({ ctx, input }): Promise<SetApiKeyAllowlistOutput> => {
    const key = await ctx.deps.apiKeys.findById(ctx.organizationId, input.apiKeyId);
    if (!key) throw toTrpcError(AppError.notFound('API key'));
    const parsed = parseAllowlist(input.ranges, 'ranges');
    if (!parsed.ok) throw toTrpcError(AppError.validationErrors(parsed.errors));
    const { ranges } = parsed;
    const now = ctx.deps.clock.now();
    await ctx.deps.access.setAllowlist(ctx.organizationId, `api_key:${input.apiKeyId}`, ranges, now);
    await ctx.deps.audit.append({
      organizationId: ctx.organizationId,
      actor: ctx.actor,
      action: 'api_key.ip_allowlist_update',
      entityType: 'api_key',
      entityId: input.apiKeyId,
      requestId: ctx.requestId,
      occurredAt: now,
      data: { ranges },
    });
    return { apiKeyId: input.apiKeyId, ranges };
  });
