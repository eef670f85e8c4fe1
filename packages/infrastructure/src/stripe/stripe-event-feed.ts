// Stripe's own list of events (GET /v1/events, newest first, kept 30 days), read by the catch-up:
// the events of the types we subscribe to created after a given second, page by page, each checked
// to be an event the way a webhook body is.
import type Stripe from 'stripe';
import type { PaymentEventFeed, PaymentEventPage } from '@clinicpay/domain';
import { receivedStripeEvent } from './stripe-event-envelope.ts';
import { STRIPE_EVENT_TYPES } from './stripe-event-translator.ts';

export class StripeEventFeed implements PaymentEventFeed {
  readonly #stripe: Stripe;

  constructor(options: { client: Stripe }) {
    this.#stripe = options.client;
  }

  /** At most `maxEvents`, newest first; `truncated` when there were more. */
  async listCreatedAfter(seconds: number, maxEvents: number): Promise<PaymentEventPage> {
    const events: PaymentEventPage['events'] = [];
    let truncated = false;
    for await (const event of this.#stripe.events.list({
      created: { gt: seconds },
      types: [...STRIPE_EVENT_TYPES],
      limit: 100,
    })) {
      if (events.length === maxEvents) {
        truncated = true;
        break;
      }
      events.push(receivedStripeEvent(event));
    }
    return { events, truncated };
  }
}
