import { z } from 'zod';
import { id } from '../schemas.ts';
import { queuedMessagesViewSchema } from '../views/message-view.ts';

export const retryMessageInput = z.object({ messageId: id });

export const retryMessageOutput = queuedMessagesViewSchema;
export type RetryMessageOutput = z.infer<typeof retryMessageOutput>;
