// apiKeys.list — the clinic's API keys, revoked ones included (never a secret).
import { requirePermission } from '../trpc.ts';
import { apiKeyView } from '../views/identity-views.ts';
import type { ListApiKeysOutput } from './list-api-keys.types.ts';

export const listApiKeysProcedure = requirePermission('api-keys:manage').query(
  async ({ ctx }): Promise<ListApiKeysOutput> =>
    (await ctx.deps.apiKeys.listByOrganization(ctx.organizationId)).map(apiKeyView),
);
