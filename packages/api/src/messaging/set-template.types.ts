import { z } from 'zod';
import { text } from '../schemas.ts';
import { messageKind, templatePart } from './template-parts.ts';

export const setTemplateInput = z.object({
  kind: messageKind,
  part: templatePart,
  /** The new wording, or null to go back to the default. */
  body: text(2000).nullable(),
});

export const setTemplateOutput = z.object({ ok: z.literal(true) });
export type SetTemplateOutput = z.infer<typeof setTemplateOutput>;
