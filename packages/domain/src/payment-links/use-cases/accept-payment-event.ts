// AcceptPaymentEvent — a provider event that its adapter has verified and checked to be an event
// (a webhook, or the catch-up reading the provider's list): stored once under the provider's event
// id, with the job that processes it enqueued in the same transaction, so an event is processed
// exactly when it was stored. A redelivered event changes nothing.
import type { PaymentEventProvider, ReceivedPaymentEvent } from '../event-inbox-ports.ts';
import type { PaymentLinkDeps } from './deps.ts';

/** The worker task that processes one stored event (apps/worker), per provider. */
export const PAYMENT_EVENT_JOB: Record<PaymentEventProvider, string> = { stripe: 'process-stripe-event' };

/** Attempts before a processing job gives up (and records the event as failed). */
const PROCESSING_ATTEMPTS = 20;

export type AcceptedPaymentEvent = { eventId: string; duplicate: boolean };

export async function acceptPaymentEvent(
  event: ReceivedPaymentEvent,
  deps: Pick<PaymentLinkDeps, 'uow' | 'clock'>,
): Promise<AcceptedPaymentEvent> {
  const stored = await deps.uow.run(async (tx) => {
    if (!(await tx.webhookEvents.recordOnce(event, deps.clock.now()))) return false;
    await tx.jobs.enqueue(
      PAYMENT_EVENT_JOB[event.provider],
      { eventId: event.eventId },
      { jobKey: `${event.provider}-event:${event.eventId}`, maxAttempts: PROCESSING_ATTEMPTS },
    );
    return true;
  });
  return { eventId: event.eventId, duplicate: !stored };
}
