// The webhook_events table, one home for both sides of it: the payment provider's inbox (an event
// stored once under the provider's id, its outcome recorded by the job that processes it) and the
// admins' read model of the events that need a person — failed for good, still being retried
// (received, attempted at least once), or never attempted for a while. The read model is
// tenant-scoped, except the operator's list of events no organization could be attached to (unsafe…);
// the inbox is keyed by the provider's event id, since the tenant is known only once an event is matched.
import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  InboxKey,
  InboxOutcome,
  PaymentEventInbox,
  PaymentEventProvider,
  ReceivedPaymentEvent,
  WebhookEventLog,
  WebhookEventProblem,
  WebhookEventState,
  WebhookProblemQuery,
} from '@clinicpay/domain';

type Row = {
  provider: string;
  event_id: string;
  type: string;
  status: string;
  attempts: number;
  last_error: string | null;
  received_at: Date;
  processed_at: Date | null;
};

const PROBLEM = `(status = 'failed' or (status = 'received' and (attempts > 0 or received_at < ?)))`;
const COLUMNS = `provider, event_id, type, status, attempts, last_error, received_at, processed_at`;

function stateOf(row: Row): WebhookEventState {
  if (row.status === 'failed') return 'failed';
  return row.attempts > 0 ? 'retrying' : 'unprocessed';
}

function problem(row: Row): WebhookEventProblem {
  const state = stateOf(row);
  return {
    provider: row.provider,
    eventId: row.event_id,
    type: row.type,
    state,
    reason: row.last_error,
    attempts: row.attempts,
    receivedAt: new Date(row.received_at),
    failedAt: state === 'failed' && row.processed_at ? new Date(row.processed_at) : null,
  };
}

export class PgWebhookEvents implements PaymentEventInbox, WebhookEventLog {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  async recordOnce(event: ReceivedPaymentEvent, receivedAt: Date): Promise<boolean> {
    const rows = await this.em.execute<Array<{ event_id: string }>>(
      `insert into webhook_events (provider, event_id, type, payload, received_at)
       values (?, ?, ?, ?::jsonb, ?) on conflict (provider, event_id) do nothing returning event_id`,
      [event.provider, event.eventId, event.type, JSON.stringify(event.payload), receivedAt],
    );
    return rows.length > 0;
  }

  async findPayload(key: InboxKey): Promise<{ payload: unknown } | null> {
    const rows = await this.em.execute<Array<{ payload: unknown }>>(
      `select payload from webhook_events where provider = ? and event_id = ?`,
      [key.provider, key.eventId],
    );
    return rows[0] ?? null;
  }

  async recordOutcome(key: InboxKey, outcome: InboxOutcome): Promise<void> {
    await this.em.execute(
      `update webhook_events set status = ?, organization_id = coalesce(?, organization_id), processed_at = ?,
              attempts = attempts + 1, last_error = ? where provider = ? and event_id = ?`,
      [outcome.status, outcome.organizationId, outcome.at, outcome.reason, key.provider, key.eventId],
    );
  }

  async recordAttemptError(key: InboxKey, error: string): Promise<void> {
    await this.em.execute(
      `update webhook_events set attempts = attempts + 1, last_error = ? where provider = ? and event_id = ?`,
      [error, key.provider, key.eventId],
    );
  }

  async newestReceivedAt(provider: PaymentEventProvider): Promise<Date | null> {
    const [row] = await this.em.execute<Array<{ at: Date | null }>>(
      `select max(received_at) as at from webhook_events where provider = ?`,
      [provider],
    );
    return row?.at ? new Date(row.at) : null;
  }

  async listProblems(organizationId: string, query: WebhookProblemQuery): Promise<WebhookEventProblem[]> {
    const rows = await this.em.execute<Row[]>(
      `select ${COLUMNS} from webhook_events where organization_id = ? and ${PROBLEM}
        order by received_at desc limit ?`,
      [organizationId, query.unprocessedBefore, query.limit],
    );
    return rows.map(problem);
  }

  async unsafeListUnassignedProblems(query: WebhookProblemQuery): Promise<WebhookEventProblem[]> {
    const rows = await this.em.execute<Row[]>(
      `select ${COLUMNS} from webhook_events where organization_id is null and ${PROBLEM}
        order by received_at desc limit ?`,
      [query.unprocessedBefore, query.limit],
    );
    return rows.map(problem);
  }
}
