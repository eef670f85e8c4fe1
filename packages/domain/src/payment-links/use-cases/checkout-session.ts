// Creating (or replacing) the Checkout Session behind a link. Link lifetime is not session lifetime
// (ARCHITECTURE.md decision 2): a link may live 30 days, a session at most 24 hours, so sessions are
// created at link creation and again whenever a click finds the current one gone or nearly gone.
import { AppError } from '../../shared/app-error.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { CheckoutSession, GatewayError } from '../../ports/payment-gateway.ts';
import type { Organization } from '../../organizations/organization.ts';
import type { PaymentLink } from '../payment-link.ts';
import { computeSessionExpiresAt } from '../session-expiry.ts';
import type { PaymentLinkDeps } from './deps.ts';

export function gatewayFailure(error: GatewayError): AppError {
  return error.kind === 'permanent'
    ? AppError.providerPermanent(`The payment processor refused the request: ${error.message}`)
    : AppError.providerTransient('The payment processor is unavailable; try again shortly');
}

/**
 * Opaque ids only: no description, names or line items in metadata (PHI stays out of Stripe). The
 * line items' names do go to Stripe, because the patient sees them on the payment page.
 */
export async function createSessionFor(
  link: PaymentLink,
  organization: Organization,
  deps: Pick<PaymentLinkDeps, 'gateway' | 'urls'>,
  now: Date,
): Promise<Result<CheckoutSession, AppError>> {
  if (!link.stripeCustomerId)
    return err(AppError.internal('A link needs a Stripe customer before a session'));
  const lineItems =
    link.type === 'CHECKOUT'
      ? link.lineItems.length > 0
        ? link.lineItems.map((item) => ({ ...item }))
        : [{ name: `Payment to ${organization.name}`, unitAmountMinor: link.amountMinor ?? 0, quantity: 1 }]
      : undefined;
  const created = await deps.gateway.createCheckoutSession({
    // Derived from our ids: a retried job or a concurrent click cannot make a second session.
    idempotencyKey: `link:${link.id}:session:${link.sessionCount + 1}`,
    mode: link.type === 'CHECKOUT' ? 'payment' : 'setup',
    customerId: link.stripeCustomerId,
    currency: link.currency,
    ...(lineItems ? { lineItems } : {}),
    clientReferenceId: link.id,
    metadata: { link_id: link.id, organization_id: link.organizationId, link_type: link.type },
    successUrl: deps.urls.successUrl(link.shortCode),
    cancelUrl: deps.urls.cancelUrl(link.shortCode),
    expiresAt: computeSessionExpiresAt(link.expiresAt, now),
  });
  return created.ok ? ok(created.value) : err(gatewayFailure(created.error));
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
