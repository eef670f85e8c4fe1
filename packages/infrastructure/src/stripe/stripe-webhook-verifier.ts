// Proof that a POST /webhooks/stripe body came from Stripe, and that it is an event: the signature on
// the raw body (ARCHITECTURE.md decision 4), then the envelope. Built once in the composition root with
// the endpoint's secret and injected; it makes no API call and needs no Stripe client. What to do with
// the event is the domain's AcceptPaymentEvent.
import Stripe from 'stripe';
import { err, type ReceivedPaymentEvent, type Result } from '@clinicpay/domain';
import { receivedStripeEvent } from './stripe-event-envelope.ts';

export type StripeWebhookRejection = {
  problem: 'invalid_signature' | 'malformed_event';
  reason: string;
};

/** Stripe's default: a signature older than this is a replay. */
const TOLERANCE_SECONDS = 300;

/** The `t=` of a Stripe-Signature header, read the way stripe-node reads it (the last one wins). */
function signedAt(header: string): number | null {
  let timestamp: number | null = null;
  for (const item of header.split(',')) {
    const [key, value] = item.split('=');
    if (key === 't') timestamp = Number.parseInt(value ?? '', 10);
  }
  return timestamp !== null && Number.isFinite(timestamp) ? timestamp : null;
}

export class StripeWebhookVerifier {
  readonly #secret: string;

  constructor(options: { webhookSecret: string }) {
    this.#secret = options.webhookSecret;
  }

  /** The event as the inbox receives it, or why the request is refused (the field named). */
  verify(
    rawBody: Buffer,
    signature: string | undefined,
  ): Result<ReceivedPaymentEvent, StripeWebhookRejection> {
    if (!signature) return err({ problem: 'invalid_signature', reason: 'missing Stripe-Signature header' });
    let body: unknown;
    try {
      // The static helper: it makes no API call and needs no client. It checks the signature first and
      // only then parses the JSON, so any other error means a signed body that is not JSON.
      body = Stripe.webhooks.constructEvent(rawBody, signature, this.#secret, TOLERANCE_SECONDS);
    } catch (error) {
      return err(
        error instanceof Stripe.errors.StripeSignatureVerificationError
          ? { problem: 'invalid_signature', reason: error.message }
          : { problem: 'malformed_event', reason: 'body: not valid JSON' },
      );
    }
    // stripe-node only refuses signatures older than the tolerance; one dated far ahead would stay
    // replayable for as long as it is ahead, so it is refused too. Freshness is transport time: the
    // wall clock, as the SDK uses, not the application's (possibly simulated) business clock.
    const timestamp = signedAt(signature);
    if (timestamp !== null && timestamp - Math.floor(Date.now() / 1000) > TOLERANCE_SECONDS) {
      return err({
        problem: 'invalid_signature',
        reason: 'Timestamp outside the tolerance zone (in the future)',
      });
    }
    const event = receivedStripeEvent(body);
    return event.ok ? event : err({ problem: 'malformed_event', reason: event.error });
  }
}
