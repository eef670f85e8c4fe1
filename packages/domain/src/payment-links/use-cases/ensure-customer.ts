// Every link's patient has a Stripe customer, created once and reused. Only the email goes to
// Stripe (for receipts); names, phone numbers and clinical details stay with us.
import type { AppError } from '../../shared/app-error.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Patient } from '../../patients/patient.ts';
import type { PaymentLinkDeps } from './deps.ts';
import { gatewayFailure } from './checkout-session.ts';

export async function ensureStripeCustomer(
  patient: Patient,
  deps: Pick<PaymentLinkDeps, 'gateway' | 'repos' | 'clock'>,
): Promise<Result<string, AppError>> {
  if (patient.stripeCustomerId) return ok(patient.stripeCustomerId);
  const created = await deps.gateway.createCustomer({
    idempotencyKey: `patient:${patient.id}:customer`,
    ...(patient.email ? { email: patient.email } : {}),
    metadata: { patient_id: patient.id, organization_id: patient.organizationId },
  });
  if (!created.ok) return err(gatewayFailure(created.error));
  patient.stripeCustomerId = created.value.customerId;
  patient.updatedAt = deps.clock.now();
  await deps.repos.patients.save(patient);
  return ok(created.value.customerId);
}
