// The names a template request uses: the two kinds of message and the parts a clinic may reword.
import { z } from 'zod';

export const messageKind = z.enum(['payment_request', 'card_update_request']);
export const templatePart = z.enum(['sms', 'email_subject', 'email_text']);

/** A set of texts for the parts (each optional). */
export const templateTexts = z.object({
  sms: z.string(),
  email_subject: z.string(),
  email_text: z.string(),
});
