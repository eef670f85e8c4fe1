// What the expiring-card scan reports per patient: send a card-update link (and what its messages
// did) or skip, and why.
import { z } from 'zod';
import type { ExpiringCardCandidate } from '@clinicpay/domain';
import { messageView, messageViewSchema } from './message-view.ts';

export const expiringCardViewSchema = z.object({
  patientId: z.string(),
  patientName: z.string(),
  card: z.object({
    brand: z.string().nullable(),
    last4: z.string().nullable(),
    expMonth: z.number().nullable(),
    expYear: z.number().nullable(),
  }),
  action: z.enum(['send', 'skip']),
  reason: z.string().nullable(),
  channels: z.array(z.string()),
  linkId: z.string().optional(),
  messages: z.array(messageViewSchema),
});
export type ExpiringCardView = z.infer<typeof expiringCardViewSchema>;

export const expiringCardView = (c: ExpiringCardCandidate): ExpiringCardView => ({
  ...c,
  messages: c.messages.map(messageView),
});
