// ProcessPaymentEvent — one stored provider event (the worker's job): load it, translate it (the
// provider adapter), apply it (one handler per event), record what came of it. Safe to run twice: the
// handlers are idempotent, and the stored status records what happened. Three endings:
//   processed / ignored — done (an event type we do not handle is ignored, never an error);
//   failed — the event can never be applied (untranslatable, or a handler says so): recorded once with
//            its reason for admins, and the job ends without a retry;
//   a throw — RetryLater or anything unexpected (the database, a bug): the attempt and its error are
//            recorded and the job retries with backoff; on its last attempt the event is recorded as
//            failed instead of silently dropped (and the error is still thrown).
import type { InboxKey } from '../event-inbox-ports.ts';
import type { PaymentEventDeps } from './deps.ts';
import { applyPaymentEvent, type EventOutcome } from './payment-events/index.ts';

export type ProcessPaymentEventInput = InboxKey & {
  /** The job's last attempt: an error now records the event as failed. */
  finalAttempt?: boolean;
};

export type ProcessedPaymentEvent = EventOutcome | { status: 'missing'; organizationId: null };

export async function processPaymentEvent(
  input: ProcessPaymentEventInput,
  deps: Omit<PaymentEventDeps, 'feed'>,
): Promise<ProcessedPaymentEvent> {
  const inbox = deps.repos.webhookEvents;
  const key: InboxKey = { provider: input.provider, eventId: input.eventId };
  const stored = await inbox.findPayload(key);
  if (!stored) return { status: 'missing', organizationId: null };
  const record = async (outcome: EventOutcome): Promise<EventOutcome> => {
    await inbox.recordOutcome(key, {
      status: outcome.status,
      organizationId: outcome.organizationId,
      reason: outcome.note ?? null,
      at: deps.clock.now(),
    });
    return outcome;
  };
  const translated = deps.translator.translate(stored.payload);
  if (!translated.ok) return record({ status: 'failed', organizationId: null, note: translated.error });
  const event = translated.value;
  if (event.type === 'unhandled')
    return record({ status: 'ignored', organizationId: null, note: event.reason });
  try {
    return await record(await applyPaymentEvent(event, deps));
  } catch (error) {
    const message = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
    if (input.finalAttempt) {
      await record({ status: 'failed', organizationId: null, note: `gave up after retries: ${message}` });
    } else {
      await inbox.recordAttemptError(key, message);
    }
    throw error;
  }
}
