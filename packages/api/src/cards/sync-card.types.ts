import { z } from 'zod';
import { id } from '../schemas.ts';
import { patientViewSchema } from '../views/patient-view.ts';

export const syncCardInput = z.object({ patientId: id });

export const syncCardOutput = patientViewSchema;
export type SyncCardOutput = z.infer<typeof syncCardOutput>;
