// For tests: the Stripe event pipeline driven the way its edges drive it — POST /webhooks/stripe
// (the injected verifier, then AcceptPaymentEvent), the `process-stripe-event` job (ProcessPaymentEvent)
// and the reconcile job's catch-up (CatchUpPaymentEvents) — on a test container.
import {
  acceptPaymentEvent,
  catchUpPaymentEvents,
  processPaymentEvent,
  type CatchUpResult,
} from '@clinicpay/domain';
import type { Container, StripeWebhookRejection } from '@clinicpay/infrastructure';

export type IntakeResult =
  | { status: 'accepted'; eventId: string; duplicate: boolean }
  | ({ status: 'rejected' } & StripeWebhookRejection);

/** What POST /webhooks/stripe does with a request: verify, then store and enqueue once. */
export async function acceptStripeWebhook(
  container: Container,
  rawBody: Buffer,
  signature: string | undefined,
): Promise<IntakeResult> {
  const verified = container.stripeWebhooks.verify(rawBody, signature);
  if (!verified.ok) return { status: 'rejected', ...verified.error };
  const accepted = await acceptPaymentEvent(verified.value, container.paymentEventDeps());
  return { status: 'accepted', ...accepted };
}

/** One attempt of the `process-stripe-event` job; throws what the job would (RetryLater, …). */
export async function processStripeEvent(
  container: Container,
  eventId: string,
  options: { finalAttempt?: boolean } = {},
): Promise<'processed' | 'ignored' | 'failed' | 'missing'> {
  const outcome = await processPaymentEvent(
    { provider: 'stripe', eventId, ...options },
    container.paymentEventDeps(),
  );
  return outcome.status;
}

/** The reconcile job's catch-up from Stripe's event list. */
export function catchUpStripeEvents(
  container: Container,
  options: { since?: number | null } = {},
): Promise<CatchUpResult> {
  return catchUpPaymentEvents(
    { provider: 'stripe', since: options.since ?? null },
    container.paymentEventDeps(),
  );
}
