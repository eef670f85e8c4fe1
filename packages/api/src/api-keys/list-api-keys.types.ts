import { z } from 'zod';
import { apiKeyViewSchema } from '../views/identity-views.ts';

export const listApiKeysOutput = z.array(apiKeyViewSchema);
export type ListApiKeysOutput = z.infer<typeof listApiKeysOutput>;
