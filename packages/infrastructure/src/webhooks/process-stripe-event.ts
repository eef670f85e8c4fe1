// Processing one stored Stripe event (the `process-stripe-event` job). Safe to run twice: the use
// case is idempotent, and the stored status records what happened.
import { applyPaymentEvent, RetryLater } from '@clinicpay/domain';
import type { Container } from '../container.ts';
import { translateStripeEvent } from './stripe-events.ts';

export async function processStripeEvent(
  container: Container,
  eventId: string,
): Promise<'processed' | 'ignored' | 'missing'> {
  const em = container.scope().em;
  const rows = await em.execute<
    Array<{ payload: { type: string; data: { object: Record<string, unknown> } }; status: string }>
  >(`select payload, status from webhook_events where provider = 'stripe' and event_id = ?`, [eventId]);
  const row = rows[0];
  if (!row) return 'missing';
  try {
    const outcome = await applyPaymentEvent(translateStripeEvent(row.payload), container.paymentDeps());
    await em.execute(
      `update webhook_events set status = ?, organization_id = coalesce(?, organization_id), processed_at = ?,
              attempts = attempts + 1, last_error = ? where provider = 'stripe' and event_id = ?`,
      [outcome.status, outcome.organizationId, container.clock.now(), outcome.note ?? null, eventId],
    );
    return outcome.status;
  } catch (error) {
    await em.execute(
      `update webhook_events set attempts = attempts + 1, last_error = ? where provider = 'stripe' and event_id = ?`,
      [error instanceof Error ? error.message.slice(0, 500) : 'unknown error', eventId],
    );
    if (!(error instanceof RetryLater))
      container.logger.error('stripe event failed', { eventId, error: String(error) });
    throw error;
  }
}
