// process-stripe-event — applies one stored Stripe webhook event; retried with backoff on failure.
import type { Task } from 'graphile-worker';
import { processStripeEvent, type Container } from '@clinicpay/infrastructure';

export function processStripeEventTask(container: Container): Task {
  return async (payload) => {
    const { eventId } = payload as { eventId: string };
    await processStripeEvent(container, eventId);
  };
}
