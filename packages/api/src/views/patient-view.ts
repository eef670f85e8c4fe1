// What the API shows of a patient: contact, consent and opt-outs, and the card on file (brand,
// last4 and expiry only).
import { z } from 'zod';
import type { Patient } from '@clinicpay/domain';

export const patientViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  preferredChannel: z.enum(['email', 'sms']).nullable(),
  canReceiveEmail: z.boolean(),
  canReceiveSms: z.boolean(),
  smsOptedOut: z.boolean(),
  emailOptedOut: z.boolean(),
  externalRef: z.string().nullable(),
  card: z
    .object({ brand: z.string().nullable(), last4: z.string(), expMonth: z.number(), expYear: z.number() })
    .nullable(),
  createdAt: z.string(),
});
export type PatientView = z.infer<typeof patientViewSchema>;

export const patientView = (p: Patient): PatientView => ({
  id: p.id,
  name: p.name,
  email: p.email,
  phone: p.phone,
  preferredChannel: p.preferredChannel,
  canReceiveEmail: p.canReceiveEmail,
  canReceiveSms: p.canReceiveSms,
  smsOptedOut: p.smsOptedOutAt !== null,
  emailOptedOut: p.emailOptedOutAt !== null,
  externalRef: p.externalRef,
  card:
    p.cardLast4 && p.cardExpMonth && p.cardExpYear
      ? { brand: p.cardBrand, last4: p.cardLast4, expMonth: p.cardExpMonth, expYear: p.cardExpYear }
      : null,
  createdAt: p.createdAt.toISOString(),
});
