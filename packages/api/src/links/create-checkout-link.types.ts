import { z } from 'zod';
import { amountish, id, line, text } from '../schemas.ts';
import { createdLinkViewSchema } from '../views/link-view.ts';
import { sendVia } from './send-via.ts';

export const createCheckoutLinkInput = z.object({
  // Blank is the domain's to name ("Choose a patient"), with every other problem of the form.
  patientId: line(100),
  providerId: id.nullish(),
  amount: amountish.nullish(),
  items: z
    .array(z.object({ name: line(250), price: amountish, quantity: z.number() }))
    .max(100)
    .nullish(),
  // Generous caps against huge strings; the domain checks the real limits (in code points) by name.
  description: text(2_000).nullish(),
  currency: line(3).optional(),
  expiresIn: z.number().optional(),
  sendVia,
  customMessage: text(1_300).nullish(),
});

export const createCheckoutLinkOutput = createdLinkViewSchema;
export type CreateCheckoutLinkOutput = z.infer<typeof createCheckoutLinkOutput>;
