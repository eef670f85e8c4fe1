import { z } from 'zod';
import { line } from '../schemas.ts';
import { patientViewSchema } from '../views/patient-view.ts';

export const listPatientsInput = z.object({
  /** Part of the name, email or phone. */
  query: line(200).optional(),
  limit: z.number().int().min(1).max(100).default(25),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});

export const listPatientsOutput = z.object({ items: z.array(patientViewSchema), total: z.number() });
export type ListPatientsOutput = z.infer<typeof listPatientsOutput>;
