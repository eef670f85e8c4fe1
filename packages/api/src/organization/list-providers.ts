// organization.providers — the clinicians links can be created for.
import { requirePermission } from '../trpc.ts';
import { providerView } from '../views/organization-view.ts';
import type { ListProvidersOutput } from './list-providers.types.ts';

export const listProvidersProcedure = requirePermission('links:read').query(
  async ({ ctx }): Promise<ListProvidersOutput> =>
    (await ctx.deps.providers.listByOrganization(ctx.organizationId)).map(providerView),
);
