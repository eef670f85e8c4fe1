// process-stripe-event — applies one stored Stripe webhook event (the domain's ProcessPaymentEvent).
// An event that can never be applied ends as `failed` without a retry; transient failures are retried
// with backoff, and the last attempt records the event as failed rather than leaving it silently stuck.
import type { Task } from 'graphile-worker';
import { processPaymentEvent, RetryLater } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';

export function processStripeEventTask(container: Container): Task {
  return async (payload, helpers) => {
    const { eventId } = payload as { eventId: string };
    const finalAttempt = helpers.job.attempts >= helpers.job.max_attempts;
    try {
      const outcome = await processPaymentEvent(
        { provider: 'stripe', eventId, finalAttempt },
        container.paymentEventDeps(),
      );
      if (outcome.status === 'failed')
        container.logger.warn('stripe event failed for good', { eventId, reason: outcome.note });
    } catch (error) {
      if (!(error instanceof RetryLater))
        container.logger.error('stripe event failed', { eventId, error: String(error) });
      throw error;
    }
  };
}
