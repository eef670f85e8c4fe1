import { z } from 'zod';
import { line, uuidFilter } from '../schemas.ts';
import { linkViewSchema } from '../views/link-view.ts';

export const listLinksInput = z.object({
  status: z
    .enum(['ACTIVE', 'COMPLETED', 'EXPIRED', 'CANCELLED', 'REFUNDED', 'PARTIALLY_REFUNDED'])
    .optional(),
  type: z.enum(['CHECKOUT', 'CARD_UPDATE']).optional(),
  patientId: uuidFilter('a patient').optional(),
  providerId: uuidFilter('a provider').optional(),
  channel: z.enum(['email', 'sms', 'direct']).optional(),
  /** Patient name, email or phone, or words of the description. */
  q: line(200).optional(),
  /** Created on or after this date, in the clinic's time zone (YYYY-MM-DD). */
  from: line(40).optional(),
  /** Created on or before this date, in the clinic's time zone (YYYY-MM-DD). */
  to: line(40).optional(),
  sort: z.enum(['created', 'amount', 'expires']).optional(),
  limit: z.number().int().min(1).max(100).default(25),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});

export const listLinksOutput = z.object({ items: z.array(linkViewSchema), total: z.number() });
export type ListLinksOutput = z.infer<typeof listLinksOutput>;
