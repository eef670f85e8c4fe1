import { z } from 'zod';
import { id, line } from '../schemas.ts';
import { createdLinkViewSchema } from '../views/link-view.ts';

export const regenerateLinkInput = z.object({
  id,
  expiresIn: z.number().optional(),
  /** REST's Idempotency-Key header: a repeat returns the replacement this key made. */
  idempotencyKey: line(255).min(1).optional(),
});

export const regenerateLinkOutput = createdLinkViewSchema.extend({
  /** True when this is the replacement the link already had (nothing new was made). */
  duplicate: z.boolean(),
});
export type RegenerateLinkOutput = z.infer<typeof regenerateLinkOutput>;
