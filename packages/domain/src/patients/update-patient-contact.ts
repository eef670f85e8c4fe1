// Staff correct a patient's contact details. Every bad field is named and nothing is saved unless
// all are good; a changed address clears what belonged to the old one. Audited.
import type { Actor } from '../identity/actor.ts';
import type { AuditLog } from '../shared/audit-log.ts';
import type { Clock } from '../shared/clock.ts';
import type { PatientRepository } from './patient-ports.ts';
import type { PhoneNumbers } from './phone-numbers.ts';
import { AppError, type FieldError } from '../shared/app-error.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { isValidEmail } from './contact.ts';
import type { Patient, PreferredChannel } from './patient.ts';

/** A field left out stays as it is; null clears it (but a patient always keeps a name). */
export type PatientContactChanges = {
  name?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  preferredChannel?: PreferredChannel | null | undefined;
};

export async function updatePatientContact(
  input: {
    organizationId: string;
    patientId: string;
    actor: Actor;
    requestId: string | null;
    changes: PatientContactChanges;
  },
  deps: { patients: PatientRepository; phones: PhoneNumbers; audit: AuditLog; clock: Clock },
): Promise<Result<Patient, AppError>> {
  const { changes } = input;
  const patient = await deps.patients.findById(input.organizationId, input.patientId);
  if (!patient) return err(AppError.notFound('Patient'));
  const fieldErrors: FieldError[] = [];
  if (changes.email && !isValidEmail(changes.email))
    fieldErrors.push({ field: 'email', message: 'Not a valid email address' });
  // National formats are read in the clinic's country (US for now); stored as E.164.
  const phone = changes.phone ? deps.phones.toE164(changes.phone, 'US') : null;
  if (changes.phone && !phone) {
    fieldErrors.push({
      field: 'phone',
      message: 'Not a valid phone number, e.g. +12025550123 or (202) 555-0123',
    });
  }
  if (fieldErrors.length) return err(AppError.validationErrors(fieldErrors));
  if (changes.name !== undefined) patient.name = changes.name;
  if (changes.email !== undefined) {
    const email = changes.email ? changes.email.toLowerCase() : null;
    if (email !== patient.email) patient.emailUnusableAt = null;
    patient.email = email;
  }
  if (changes.phone !== undefined) {
    // A STOP belongs to the number that sent it; a new number starts without one.
    if (phone !== patient.phone) patient.smsOptedOutAt = null;
    patient.phone = phone;
  }
  if (changes.preferredChannel !== undefined) patient.preferredChannel = changes.preferredChannel;
  await deps.patients.save(patient);
  await deps.audit.append({
    organizationId: input.organizationId,
    actor: input.actor,
    action: 'patient.update_contact',
    entityType: 'patient',
    entityId: patient.id,
    requestId: input.requestId,
    occurredAt: deps.clock.now(),
    // The fields the request named (a null clears one), never their values: they are PHI.
    data: { fields: Object.keys(changes) },
  });
  return ok(patient);
}
