import { z } from 'zod';

export const liftIpRestrictionsInput = z.object({
  organizationId: z.uuid(),
  /** Also clear every API key's allowlist (default: only the dashboard's). */
  apiKeys: z.boolean().optional(),
});

export const liftIpRestrictionsOutput = z.object({ organizationId: z.string(), lifted: z.array(z.string()) });
export type LiftIpRestrictionsOutput = z.infer<typeof liftIpRestrictionsOutput>;
