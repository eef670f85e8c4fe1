import { z } from 'zod';
import { id, line } from '../schemas.ts';
import { patientViewSchema } from '../views/patient-view.ts';

const CONTACT_FIELDS = ['name', 'email', 'phone', 'preferredChannel'] as const;

/** At least one field to change: an update that names none did nothing while answering 200. */
export const updatePatientContactInput = z
  .object({
    id,
    name: line(200).min(1, 'Name is required').optional(),
    email: line(254).nullable().optional(),
    phone: line(20).nullable().optional(),
    preferredChannel: z.enum(['email', 'sms']).nullable().optional(),
  })
  .refine((v) => CONTACT_FIELDS.some((f) => v[f] !== undefined), {
    message: `give at least one of ${CONTACT_FIELDS.join(', ')}`,
    path: ['body'],
  });

export const updatePatientContactOutput = patientViewSchema;
export type UpdatePatientContactOutput = z.infer<typeof updatePatientContactOutput>;
