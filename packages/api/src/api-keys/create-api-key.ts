// apiKeys.create — a new key for the clinic; the plaintext is in this response and nowhere else.
import { createApiKey } from '@clinicpay/domain';
import { creatingFor } from '../acting.ts';
import { requirePermission, unwrap } from '../trpc.ts';
import { apiKeyView } from '../views/identity-views.ts';
import { createApiKeyInput, type CreateApiKeyOutput } from './create-api-key.types.ts';

export const createApiKeyProcedure = requirePermission('api-keys:manage')
  .input(createApiKeyInput)
  .mutation(async ({ ctx, input }): Promise<CreateApiKeyOutput> => {
    const created = unwrap(await createApiKey({ ...creatingFor(ctx), name: input.name }, ctx.deps));
    return { apiKey: apiKeyView(created.apiKey), plaintext: created.plaintext };
  });
