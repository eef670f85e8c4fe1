// CatchUpPaymentEvents — Stripe keeps 30 days of events and advises reading them after an outage. The
// events of the types we handle, created since the newest one we know of (less an overlap, since
// delivery order is not creation order), go through the same AcceptPaymentEvent as a webhook — stored
// by event id and enqueued — so an event both listed here and delivered later is processed once.
import type { PaymentEventProvider } from '../event-inbox-ports.ts';
import { acceptPaymentEvent } from './accept-payment-event.ts';
import type { PaymentEventDeps } from './deps.ts';

/** Events created this long before the newest known one are listed again (and deduplicated). */
const OVERLAP_SECONDS = 10 * 60;
/** Nothing stored yet (a fresh database): look back over Stripe's own retry window. */
const FIRST_LOOKBACK_SECONDS = 3 * 24 * 3600;
/** Stripe's event list goes back 30 days. */
const RETENTION_SECONDS = 30 * 24 * 3600;
/** One catch-up reads at most this many events; more are left to Stripe's retries (and reported). */
export const CATCH_UP_MAX_EVENTS = 5000;

export type CatchUpInput = {
  provider: PaymentEventProvider;
  /** Provider `created` seconds to start from (the previous run's `newest`); absent: derived from the inbox. */
  since?: number | null;
};

export type CatchUpResult = {
  listed: number;
  /** Events we had not seen: stored and enqueued now. */
  stored: number;
  /** Stripe's `created` of the newest event known after this run: where the next one starts. */
  newest: number;
  /** More events than one run reads: the oldest were left to the provider's retries. */
  truncated: boolean;
  /** Why each listed entry that is not an event was skipped. */
  refused: string[];
  /** The first second listed from. */
  from: number;
};

export async function catchUpPaymentEvents(
  input: CatchUpInput,
  deps: Pick<PaymentEventDeps, 'uow' | 'repos' | 'clock' | 'feed'>,
): Promise<CatchUpResult> {
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const since = input.since ?? (await newestKnown(input.provider, deps)) ?? now - FIRST_LOOKBACK_SECONDS;
  const from = Math.max(since - OVERLAP_SECONDS, now - RETENTION_SECONDS);
  const page = await deps.feed.listCreatedAfter(from, CATCH_UP_MAX_EVENTS);
  const result: CatchUpResult = {
    listed: page.events.length,
    stored: 0,
    newest: since,
    truncated: page.truncated,
    refused: [],
    from,
  };
  // Oldest first, as they happened (handlers do not depend on it, but the log reads better).
  for (const entry of [...page.events].reverse()) {
    if (!entry.ok) {
      result.refused.push(entry.error);
      continue;
    }
    result.newest = Math.max(result.newest, entry.value.createdSeconds ?? result.newest);
    if (!(await acceptPaymentEvent(entry.value, deps)).duplicate) result.stored += 1;
  }
  return result;
}

/** When the newest stored event was received (a plain column, read once per worker start). */
async function newestKnown(
  provider: PaymentEventProvider,
  deps: Pick<PaymentEventDeps, 'repos'>,
): Promise<number | null> {
  const at = await deps.repos.webhookEvents.newestReceivedAt(provider);
  return at ? Math.floor(at.getTime() / 1000) : null;
}
