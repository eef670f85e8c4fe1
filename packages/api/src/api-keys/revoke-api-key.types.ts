import { z } from 'zod';
import { line } from '../schemas.ts';
import { apiKeyViewSchema } from '../views/identity-views.ts';

export const revokeApiKeyInput = z.object({ id: line(100) });

export const revokeApiKeyOutput = apiKeyViewSchema;
export type RevokeApiKeyOutput = z.infer<typeof revokeApiKeyOutput>;
