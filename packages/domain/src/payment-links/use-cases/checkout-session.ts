// Creating (or replacing) the Checkout Session behind a link. Link lifetime is not session lifetime
// (ARCHITECTURE.md decision 2): a link may live 30 days, a session at most 24 hours, so sessions are
// created at link creation and again whenever a click finds the current one gone or nearly gone.
import { AppError } from '../../shared/app-error.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { CheckoutSession, GatewayError } from '../payment-gateway.ts';
import type { Organization } from '../../organizations/organization.ts';
import type { PaymentLink } from '../payment-link.ts';
import { computeSessionExpiresAt } from '../session-expiry.ts';
import type { PaymentLinkDeps } from './deps.ts';
import { ensureStripeCustomer, replaceMissingCustomer } from './ensure-customer.ts';
import { gatewayFailure, isMissingCustomer } from './gateway-failure.ts';
import { ZERO_MINOR } from '../../money/money.ts';

type SessionDeps = Pick<PaymentLinkDeps, 'gateway' | 'urls' | 'repos' | 'clock'>;

/** The link's patient's Stripe customer: the one on the link, or (for links made without one) the patient's. */
async function customerFor(link: PaymentLink, deps: SessionDeps): Promise<Result<string, AppError>> {
  if (link.stripeCustomerId) return ok(link.stripeCustomerId);
  const patient = await deps.repos.patients.findById(link.organizationId, link.patientId);
  if (!patient) return err(AppError.internal('The link has no patient'));
  return ensureStripeCustomer(patient, deps);
}

/**
 * Opaque ids only: no description, names or line items in metadata (PHI stays out of Stripe). The
 * line items' names do go to Stripe, because the patient sees them on the payment page. A customer
 * Stripe does not know is replaced once (see ensure-customer.ts) and the session asked for again;
 * the link then carries the new customer (the caller saves the link).
 */
export async function createSessionFor(
  link: PaymentLink,
  organization: Organization,
  deps: SessionDeps,
  now: Date,
): Promise<Result<CheckoutSession, AppError>> {
  const customer = await customerFor(link, deps);
  if (!customer.ok) return err(customer.error);
  link.stripeCustomerId = customer.value;
  // Derived from our ids: a retried job or a concurrent click cannot make a second session.
  const key = `link:${link.id}:session:${link.sessionCount + 1}`;
  const first = await requestSession(link, organization, deps, now, key);
  if (first.ok) return first;
  if (!isMissingCustomer(first.error)) return err(gatewayFailure(first.error));

  const patient = await deps.repos.patients.findById(link.organizationId, link.patientId);
  if (!patient) return err(AppError.internal('The link has no patient'));
  const replaced = await replaceMissingCustomer(patient, customer.value, deps);
  if (!replaced.ok) return err(replaced.error);
  link.stripeCustomerId = replaced.value;
  // Another key: Stripe keeps the failed answer under the first one, with the old customer.
  const second = await requestSession(link, organization, deps, now, `${key}:customer:${replaced.value}`);
  return second.ok ? second : err(gatewayFailure(second.error));
}

function requestSession(
  link: PaymentLink,
  organization: Organization,
  deps: Pick<PaymentLinkDeps, 'gateway' | 'urls'>,
  now: Date,
  idempotencyKey: string,
): Promise<Result<CheckoutSession, GatewayError>> {
  const lineItems =
    link.type === 'CHECKOUT'
      ? link.lineItems.length > 0
        ? link.lineItems.map((item) => ({ ...item }))
        : [
            {
              name: `Payment to ${organization.name}`,
              unitAmountMinor: link.amountMinor ?? ZERO_MINOR,
              quantity: 1,
            },
          ]
      : undefined;
  return deps.gateway.createCheckoutSession({
    idempotencyKey,
    mode: link.type === 'CHECKOUT' ? 'payment' : 'setup',
    customerId: link.stripeCustomerId!,
    currency: link.currency,
    ...(lineItems ? { lineItems } : {}),
    clientReferenceId: link.id,
    metadata: { link_id: link.id, organization_id: link.organizationId, link_type: link.type },
    successUrl: deps.urls.successUrl(link.shortCode),
    cancelUrl: deps.urls.cancelUrl(link.shortCode),
    expiresAt: computeSessionExpiresAt(link.expiresAt, now),
  });
}

/** Expires a session that may still be open; a session already closed is fine. */
export async function closeSession(
  sessionId: string | null,
  deps: Pick<PaymentLinkDeps, 'gateway'>,
): Promise<void> {
  if (!sessionId) return;
  const result = await deps.gateway.expireCheckoutSession(sessionId);
  if (!result.ok && result.error.kind === 'transient') {
    throw AppError.providerTransient('Could not close the checkout session; try again shortly');
  }
}
