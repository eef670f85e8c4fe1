import { z } from 'zod';

const budget = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(1_000_000, 'must be at most 1000000');

export const setRateLimitsInput = z.object({
  organizationId: z.uuid(),
  /** Requests per window for each of the organization's callers; a budget left out (or null) goes back to the default. */
  reads: budget.nullish(),
  writes: budget.nullish(),
  exports: budget.nullish(),
});

export const setRateLimitsOutput = z.object({
  organizationId: z.string(),
  windowSeconds: z.number(),
  reads: z.number(),
  writes: z.number(),
  exports: z.number(),
});
export type SetRateLimitsOutput = z.infer<typeof setRateLimitsOutput>;
