import { z } from 'zod';
import { id } from '../schemas.ts';
import { linkViewSchema } from '../views/link-view.ts';

export const cancelLinkInput = z.object({ id });

export const cancelLinkOutput = linkViewSchema;
export type CancelLinkOutput = z.infer<typeof cancelLinkOutput>;
