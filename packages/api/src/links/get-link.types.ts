import { z } from 'zod';
import { id } from '../schemas.ts';
import { linkViewSchema } from '../views/link-view.ts';
import { messageViewSchema } from '../views/message-view.ts';
import { patientViewSchema } from '../views/patient-view.ts';
import { paymentViewSchema } from '../views/payment-view.ts';

export const getLinkInput = z.object({ id });

export const getLinkOutput = linkViewSchema.extend({
  patient: patientViewSchema.nullable(),
  payments: z.array(paymentViewSchema),
  messages: z.array(messageViewSchema),
  timeline: z.array(z.object({ type: z.string(), at: z.string(), data: z.record(z.string(), z.unknown()) })),
});
export type GetLinkOutput = z.infer<typeof getLinkOutput>;
