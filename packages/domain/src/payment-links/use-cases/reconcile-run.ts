// One run of the payment reconcile (apps/worker's `stripe-reconcile`, every
// STRIPE_RECONCILE_INTERVAL_SECONDS and once when a worker starts): the event catch-up, then the
// per-link read of Checkout Sessions that may have been paid without an event reaching us. Either
// repairs a missed webhook; both go through the same idempotent handlers.
import type { PaymentEventProvider } from '../event-inbox-ports.ts';
import { catchUpPaymentEvents, type CatchUpResult } from './catch-up-payment-events.ts';
import type { PaymentEventDeps } from './deps.ts';
import { reconcileCheckoutSessions, type ReconcileResult } from './reconcile-payments.ts';

/** Sessions read per run: well inside Stripe's rate limits (25 requests/s in test mode). */
const SESSIONS_PER_RUN = 100;
/** A session that ended longer ago than this without news is left to the catch-up. */
const SESSION_LOOKBACK_MS = 6 * 3_600_000;

export type ReconcileRun = {
  catchUp: CatchUpResult | null;
  /** Why the catch-up could not run this time (the provider unreachable, say); null when it ran. */
  catchUpError: string | null;
  sessions: ReconcileResult;
  /** The catch-up cursor for the next run (provider `created` seconds), or null to derive it again. */
  next: number | null;
};

export async function reconcilePayments(
  input: { provider: PaymentEventProvider; since?: number | null },
  deps: PaymentEventDeps,
): Promise<ReconcileRun> {
  let catchUp: CatchUpResult | null = null;
  let catchUpError: string | null = null;
  try {
    catchUp = await catchUpPaymentEvents({ provider: input.provider, since: input.since ?? null }, deps);
  } catch (error) {
    // Stripe unreachable, say: the session reads below may still get through, and the next run
    // starts from the same place.
    catchUpError = error instanceof Error ? error.message : String(error);
  }
  const sessions = await reconcileCheckoutSessions(
    { limit: SESSIONS_PER_RUN, lookbackMs: SESSION_LOOKBACK_MS },
    deps,
  );
  return { catchUp, catchUpError, sessions, next: catchUp?.newest ?? input.since ?? null };
}
