// apiKeys.revoke — the key stops working at once; it stays listed as revoked.
import { revokeApiKey } from '@clinicpay/domain';
import { actingFor } from '../acting.ts';
import { requirePermission, unwrap } from '../trpc.ts';
import { apiKeyView } from '../views/identity-views.ts';
import { revokeApiKeyInput, type RevokeApiKeyOutput } from './revoke-api-key.types.ts';

export const revokeApiKeyProcedure = requirePermission('api-keys:manage')
  .input(revokeApiKeyInput)
  .mutation(async ({ ctx, input }): Promise<RevokeApiKeyOutput> =>
    apiKeyView(unwrap(await revokeApiKey({ ...actingFor(ctx), apiKeyId: input.id }, ctx.deps))),
  );
