// The clinic's API keys (for the REST API): list, create, revoke.
import { router } from '../trpc.ts';
import { createApiKeyProcedure } from './create-api-key.ts';
import { listApiKeysProcedure } from './list-api-keys.ts';
import { revokeApiKeyProcedure } from './revoke-api-key.ts';

export const apiKeysRouter = router({
  list: listApiKeysProcedure,
  create: createApiKeyProcedure,
  revoke: revokeApiKeyProcedure,
});
