// access.get — the clinic's IP allowlists (dashboard and per API key), the caller's own address,
// and the request budgets in force.
import { requirePermission } from '../trpc.ts';
import { displayAddress } from './ip-ranges.ts';
import type { GetNetworkAccessOutput } from './get-network-access.types.ts';

export const getNetworkAccessProcedure = requirePermission('org:manage').query(
  async ({ ctx }): Promise<GetNetworkAccessOutput> => {
    const lists = await ctx.deps.access.allowlists(ctx.organizationId);
    const apiKeys = [...lists]
      .filter(([subject]) => subject.startsWith('api_key:'))
      .map(([subject, ranges]) => ({ apiKeyId: subject.slice('api_key:'.length), ranges }));
    return {
      yourAddress: displayAddress(ctx.ip),
      dashboard: lists.get('dashboard') ?? [],
      apiKeys,
      rateLimits: await ctx.deps.rateLimiter.budgetsFor(ctx.organizationId),
    };
  },
);
