// For tests: the real stripe SDK pointed at a container's sandbox, signed event deliveries through
// the real intake, and a checkout link made the way the API makes one.
import Stripe from 'stripe';
import { createCheckoutLink, type PaymentLink } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';
import { acceptStripeWebhook, type IntakeResult } from './stripe-webhooks.ts';

export function sandboxStripe(sandbox: { url: string }): Stripe {
  const api = new URL(sandbox.url);
  return new Stripe('sk_test_sandbox', {
    host: api.hostname,
    port: Number(api.port),
    protocol: 'http',
    telemetry: false,
  });
}

/** The `Stripe-Signature` header Stripe would send with this body. */
export function signStripeEvent(container: Container, payload: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: container.config.stripe.webhookSecret,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
}

/** An event as Stripe would deliver it, through the intake (signature, checks, storage). */
export function deliverStripeEvent(container: Container, event: object): Promise<IntakeResult> {
  const payload = JSON.stringify(event);
  return acceptStripeWebhook(container, Buffer.from(payload), signStripeEvent(container, payload));
}

export async function createTestCheckoutLink(
  container: Container,
  input: { organizationId: string; patientId: string; amount?: number },
): Promise<PaymentLink> {
  const created = await createCheckoutLink(
    {
      organizationId: input.organizationId,
      actor: { type: 'system', name: 'test' },
      createdByUserId: null,
      requestId: null,
      patientId: input.patientId,
      amount: input.amount ?? 80,
    },
    container.paymentDeps(),
  );
  if (!created.ok) throw created.error;
  return created.value.link;
}
