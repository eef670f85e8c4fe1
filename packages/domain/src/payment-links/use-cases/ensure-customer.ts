// Every link's patient has a Stripe customer, created once and reused. Only the email goes to
// Stripe (for receipts); names, phone numbers and clinical details stay with us. A stored customer
// Stripe says it does not know (deleted in Stripe's dashboard, or demo data made elsewhere) is
// replaced by a new one rather than blocking every link for that patient.
import type { AppError } from '../../shared/app-error.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Patient } from '../../patients/patient.ts';
import type { PaymentLinkDeps } from './deps.ts';
import { gatewayFailure } from './gateway-failure.ts';

type CustomerDeps = Pick<PaymentLinkDeps, 'gateway' | 'repos' | 'clock'>;

async function createFor(
  patient: Patient,
  idempotencyKey: string,
  deps: CustomerDeps,
): Promise<Result<string, AppError>> {
  const created = await deps.gateway.createCustomer({
    idempotencyKey,
    ...(patient.email ? { email: patient.email } : {}),
    metadata: { patient_id: patient.id, organization_id: patient.organizationId },
  });
  if (!created.ok) return err(gatewayFailure(created.error));
  patient.stripeCustomerId = created.value.customerId;
  patient.updatedAt = deps.clock.now();
  await deps.repos.patients.save(patient);
  return ok(created.value.customerId);
}

export async function ensureStripeCustomer(
  patient: Patient,
  deps: CustomerDeps,
): Promise<Result<string, AppError>> {
  if (patient.stripeCustomerId) return ok(patient.stripeCustomerId);
  return createFor(patient, `patient:${patient.id}:customer`, deps);
}

/**
 * The customer `missingId` does not exist at Stripe: give the patient a new one (or the one another
 * request already made). The idempotency key names the customer it replaces, so concurrent requests
 * make one replacement, and a replacement that goes missing later gets a replacement of its own.
 */
export async function replaceMissingCustomer(
  patient: Patient,
  missingId: string,
  deps: CustomerDeps,
): Promise<Result<string, AppError>> {
  if (patient.stripeCustomerId && patient.stripeCustomerId !== missingId) return ok(patient.stripeCustomerId);
  return createFor(patient, `patient:${patient.id}:customer:replaces:${missingId}`, deps);
}
