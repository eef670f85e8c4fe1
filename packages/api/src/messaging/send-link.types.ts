import { z } from 'zod';
import { id, text } from '../schemas.ts';
import { queuedMessagesViewSchema } from '../views/message-view.ts';

export const sendLinkInput = z.object({
  linkId: id,
  channels: z
    .array(z.enum(['email', 'sms']))
    .min(1)
    .max(2),
  customMessage: text(320).nullish(),
});

export const sendLinkOutput = queuedMessagesViewSchema;
export type SendLinkOutput = z.infer<typeof sendLinkOutput>;
