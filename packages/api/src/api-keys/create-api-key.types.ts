import { z } from 'zod';
import { line } from '../schemas.ts';
import { apiKeyViewSchema } from '../views/identity-views.ts';

export const createApiKeyInput = z.object({ name: line(100) });

export const createApiKeyOutput = z.object({
  apiKey: apiKeyViewSchema,
  /** The key itself: in this response and nowhere else, ever. */
  plaintext: z.string(),
});
export type CreateApiKeyOutput = z.infer<typeof createApiKeyOutput>;
