import { z } from 'zod';
import { messageKind, templateTexts } from './template-parts.ts';

export const listTemplatesOutput = z.array(
  z.object({
    kind: messageKind,
    /** Every part of the default wording (the HTML email too). */
    defaults: templateTexts.extend({ email_html: z.string() }),
    /** The parts this clinic has reworded. */
    overrides: templateTexts.partial(),
  }),
);
export type ListTemplatesOutput = z.infer<typeof listTemplatesOutput>;
