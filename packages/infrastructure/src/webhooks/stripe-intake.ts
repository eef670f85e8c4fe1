// POST /webhooks/stripe intake (ARCHITECTURE.md decision 4): verify the signature on the raw
// body, store the event keyed by Stripe's id and enqueue its processing in the same transaction,
// answer at once. A redelivered event is stored once and processed once.
import Stripe from 'stripe';
import type { Container } from '../container.ts';

export type IntakeResult =
  { status: 'accepted'; eventId: string; duplicate: boolean } | { status: 'rejected'; reason: string };

// Only the static webhook helpers are used; no API call is made with this key.
const verifier = new Stripe('sk_test_signature_verification_only');

export async function acceptStripeWebhook(
  container: Container,
  rawBody: Buffer,
  signature: string | undefined,
): Promise<IntakeResult> {
  if (!signature) return { status: 'rejected', reason: 'missing Stripe-Signature header' };
  let event: Stripe.Event;
  try {
    event = verifier.webhooks.constructEvent(rawBody, signature, container.config.stripe.webhookSecret, 300);
  } catch (error) {
    return { status: 'rejected', reason: error instanceof Error ? error.message : 'invalid signature' };
  }
  const inserted = await container.transaction(async (scope) => {
    const rows = await scope.em.execute<Array<{ event_id: string }>>(
      `insert into webhook_events (provider, event_id, type, payload, received_at)
       values ('stripe', ?, ?, ?::jsonb, ?) on conflict (provider, event_id) do nothing returning event_id`,
      [event.id, event.type, rawBody.toString('utf8'), container.clock.now()],
    );
    if (rows.length === 0) return false;
    await scope.jobs.enqueue(
      'process-stripe-event',
      { eventId: event.id },
      { jobKey: `stripe-event:${event.id}`, maxAttempts: 20 },
    );
    return true;
  });
  return { status: 'accepted', eventId: event.id, duplicate: !inserted };
}
