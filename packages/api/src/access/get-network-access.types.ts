import { z } from 'zod';

export const getNetworkAccessOutput = z.object({
  /** The address this request came from, as the allowlist check sees it. */
  yourAddress: z.string().nullable(),
  /** The dashboard's allowlist; empty: staff may sign in from anywhere. */
  dashboard: z.array(z.string()),
  /** API keys with an allowlist of their own (a key not listed is unrestricted). */
  apiKeys: z.array(z.object({ apiKeyId: z.string(), ranges: z.array(z.string()) })),
  /** This clinic's request budgets per window, with the platform operator's overrides applied. */
  rateLimits: z
    .object({
      windowSeconds: z.number(),
      reads: z.number(),
      writes: z.number(),
      exports: z.number(),
    })
    .nullable(),
});
export type GetNetworkAccessOutput = z.infer<typeof getNetworkAccessOutput>;
