// The payment provider's events, kept in an inbox (ARCHITECTURE.md decision 4): each stored once under
// the provider's event id with its processing enqueued in the same transaction, then processed by a
// job that records what came of it. The same store answers admins' "needs attention" list.
import type { Result } from '../shared/result.ts';
import type { PaymentEvent, UnhandledEvent } from './payment-events.ts';

export type PaymentEventProvider = 'stripe';

/** The key of a stored event: the provider's own event id, unique per provider. */
export type InboxKey = { provider: PaymentEventProvider; eventId: string };

/**
 * A provider event as received — verified (a webhook) or read from the provider's API (the catch-up)
 * — and checked to be an event; what it means is read only when it is processed.
 */
export type ReceivedPaymentEvent = InboxKey & {
  type: string;
  /** When the provider created it (unix seconds), if it says. */
  createdSeconds: number | null;
  /** The event as the provider sent it, stored whole. */
  payload: Record<string, unknown>;
};

export type InboxOutcome = {
  status: 'processed' | 'ignored' | 'failed';
  /** The clinic it concerned; null keeps the one already recorded (or none). */
  organizationId: string | null;
  /** Why it was ignored or failed. */
  reason: string | null;
  at: Date;
};

/**
 * Keyed by the provider's event id, not by tenant — on purpose: which clinic an event concerns is known
 * only once it is matched to a link, and the outcome records it (`organizationId`).
 */
export interface PaymentEventInbox {
  /** Stores the event unless its key is known; true when stored now. Inside a unit of work, with the job. */
  recordOnce(event: ReceivedPaymentEvent, receivedAt: Date): Promise<boolean>;
  /** The stored payload, or null when no event has this key. */
  findPayload(key: InboxKey): Promise<{ payload: unknown } | null>;
  /** An attempt ended with this outcome. */
  recordOutcome(key: InboxKey, outcome: InboxOutcome): Promise<void>;
  /** An attempt threw (it will be retried); the event stays received, with the error. */
  recordAttemptError(key: InboxKey, error: string): Promise<void>;
  /** When the newest stored event of the provider was received: where a catch-up starts. */
  newestReceivedAt(provider: PaymentEventProvider): Promise<Date | null>;
}

/** The provider adapter's translation of a stored payload into our vocabulary. */
export interface PaymentEventTranslator {
  /** Our event, or a type we do not handle, or why the payload can never be read as an event. */
  translate(payload: unknown): Result<PaymentEvent | UnhandledEvent, string>;
}

export type PaymentEventPage = {
  /** Newest first; each an event, or why the provider's entry is not one. */
  events: Array<Result<ReceivedPaymentEvent, string>>;
  /** There were more than the page holds. */
  truncated: boolean;
};

/** The provider's own list of recent events (Stripe keeps 30 days), for the catch-up after missed webhooks. */
export interface PaymentEventFeed {
  /** Events of the types we handle created after `seconds` (unix), at most `maxEvents`. Throws when
   * the provider cannot be reached. */
  listCreatedAfter(seconds: number, maxEvents: number): Promise<PaymentEventPage>;
}

// The admins' read model over the same inbox: events that need a person — failed for good, still being
// retried, or never picked up.
export type WebhookEventState = 'failed' | 'retrying' | 'unprocessed';

export type WebhookEventProblem = {
  provider: string;
  eventId: string;
  type: string;
  state: WebhookEventState;
  /** Our reason (or the last error) — never the event's payload. */
  reason: string | null;
  attempts: number;
  receivedAt: Date;
  /** When it was recorded as failed; null while it is still pending. */
  failedAt: Date | null;
};

export type WebhookProblemQuery = {
  limit: number;
  /** Events received before this and never attempted count as `unprocessed` (the worker is behind or down). */
  unprocessedBefore: Date;
};

export interface WebhookEventLog {
  listProblems(organizationId: string, query: WebhookProblemQuery): Promise<WebhookEventProblem[]>;
  /** Cross-tenant by design: events no organization could be attached to, for the platform operator. */
  unsafeListUnassignedProblems(query: WebhookProblemQuery): Promise<WebhookEventProblem[]>;
}
