import { z } from 'zod';

export const setApiKeyAllowlistInput = z.object({
  apiKeyId: z.uuid(),
  /** Addresses or CIDR ranges the key may be used from; empty: anywhere. */
  ranges: z.array(z.string().max(100)).max(200),
});

export const setApiKeyAllowlistOutput = z.object({ apiKeyId: z.string(), ranges: z.array(z.string()) });
export type SetApiKeyAllowlistOutput = z.infer<typeof setApiKeyAllowlistOutput>;
