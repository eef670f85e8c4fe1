import { z } from 'zod';
import { apiKeyViewSchema, userViewSchema } from '../views/identity-views.ts';
import { organizationViewSchema } from '../views/organization-view.ts';

export const getSessionOutput = z.object({
  /** The signed-in staff member (null for an API key). */
  user: userViewSchema.nullable(),
  /** The API key in use (null for a signed-in user). */
  apiKey: apiKeyViewSchema.nullable(),
  /** The caller's own clinic (null for the platform operator, who belongs to none). */
  organization: organizationViewSchema.nullable(),
});
export type GetSessionOutput = z.infer<typeof getSessionOutput>;
