import { z } from 'zod';
import { id, line, text } from '../schemas.ts';
import { createdLinkViewSchema } from '../views/link-view.ts';
import { sendVia } from './send-via.ts';

export const createCardUpdateLinkInput = z.object({
  patientId: id,
  customerId: line(100).nullish(),
  providerId: id.nullish(),
  reason: text(800).nullish(),
  expiresIn: z.number().optional(),
  sendVia,
  customMessage: text(1_300).nullish(),
});

export const createCardUpdateLinkOutput = createdLinkViewSchema;
export type CreateCardUpdateLinkOutput = z.infer<typeof createCardUpdateLinkOutput>;
