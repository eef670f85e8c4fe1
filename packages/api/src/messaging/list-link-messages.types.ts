import { z } from 'zod';
import { id } from '../schemas.ts';
import { messageViewSchema } from '../views/message-view.ts';

export const listLinkMessagesInput = z.object({ linkId: id });

export const listLinkMessagesOutput = z.array(messageViewSchema);
export type ListLinkMessagesOutput = z.infer<typeof listLinkMessagesOutput>;
