import { z } from 'zod';

export const listNotificationsOutput = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      type: z.enum([
        'link_paid',
        'link_expired',
        'payment_failed',
        'message_failed',
        'new_link_requested',
        'card_updated',
      ]),
      linkId: z.string().nullable(),
      title: z.string(),
      body: z.string(),
      createdAt: z.string(),
      read: z.boolean(),
    }),
  ),
  unread: z.number(),
});
export type ListNotificationsOutput = z.infer<typeof listNotificationsOutput>;
