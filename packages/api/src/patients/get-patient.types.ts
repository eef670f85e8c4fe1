import { z } from 'zod';
import { id } from '../schemas.ts';
import { patientViewSchema } from '../views/patient-view.ts';

export const getPatientInput = z.object({ id });

export const getPatientOutput = patientViewSchema;
export type GetPatientOutput = z.infer<typeof getPatientOutput>;
