// ReconcileCheckoutSessions — what Stripe advises for missed events: read the Checkout Session of
// every link that may have been paid without us hearing of it, and apply what it says through the
// same idempotent handler a webhook goes through (applyPaymentEvent). Whichever of the two comes
// first does the work; the other changes nothing — one payment row, one "paid" entry.
import type { CheckoutSessionDetails } from '../payment-gateway.ts';
import type { PaymentEvent } from '../payment-events.ts';
import type { ReconcileCandidate } from '../payment-link-ports.ts';
import { applyPaymentEvent } from './payment-events/index.ts';
import type { PaymentLinkDeps } from './deps.ts';

export type ReconcileInput = {
  /** Sessions read per run, at most (Stripe allows 25 requests a second in test mode, 100 live). */
  limit: number;
  /** Sessions that ended longer ago than this are left to the event catch-up. */
  lookbackMs: number;
};

export type ReconcileResult = {
  /** Sessions read. */
  checked: number;
  /** Links found paid (or card saved) and completed now. */
  completed: number;
  /** Sessions found expired without payment, now forgotten so the next click opens a fresh one. */
  expired: number;
  /** Sessions that could not be read, or whose completion could not be applied (see the event log). */
  problems: number;
};

/** Links opened in the last half hour are read at every run: that is when patients pay. */
const RECENTLY_OPENED_MS = 30 * 60_000;
/** A link closed (expired, cancelled) while its session was being paid: worth a look for an hour. */
const CLOSED_LOOKBACK_MS = 60 * 60_000;

function eventFrom(session: CheckoutSessionDetails, candidate: ReconcileCandidate): PaymentEvent | null {
  switch (session.status) {
    case 'open':
      return null;
    case 'expired':
      return { type: 'checkout_expired', sessionId: session.sessionId, linkId: candidate.id };
    case 'complete':
      return {
        type: 'checkout_completed',
        sessionId: session.sessionId,
        linkId: candidate.id,
        organizationId: session.metadata.organization_id ?? null,
        mode: session.mode,
        paid: session.paymentStatus === 'paid',
        paymentIntentId: session.paymentIntentId,
        setupIntentId: session.setupIntentId,
        amountTotalMinor: session.amountTotalMinor,
      };
  }
}

export async function reconcileCheckoutSessions(
  input: ReconcileInput,
  deps: PaymentLinkDeps,
): Promise<ReconcileResult> {
  const now = deps.clock.now();
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const candidates = await deps.repos.links.unsafeListReconcileCandidates({
    now,
    sessionEndedAfter: ago(input.lookbackMs),
    closedAfter: ago(Math.min(input.lookbackMs, CLOSED_LOOKBACK_MS)),
    recentlyOpenedAfter: ago(RECENTLY_OPENED_MS),
    limit: input.limit,
  });
  const result: ReconcileResult = { checked: 0, completed: 0, expired: 0, problems: 0 };
  for (const candidate of candidates) {
    const read = await deps.gateway.retrieveCheckoutSession(candidate.sessionId);
    if (!read.ok) {
      result.problems += 1;
      // Stripe is down or throttling us: the next run tries again; no point hammering it now.
      if (read.error.kind === 'transient') break;
      continue;
    }
    result.checked += 1;
    const session = read.value;
    // Our id travels with the session; a session that is not this link's is none of its business.
    if (session.clientReferenceId !== candidate.id && session.metadata.link_id !== candidate.id) {
      result.problems += 1;
      continue;
    }
    const event = eventFrom(session, candidate);
    if (!event) continue;
    let outcome;
    try {
      outcome = await applyPaymentEvent(event, deps);
    } catch {
      // Waiting on something (RetryLater), or the webhook recorded the same payment a moment ago
      // (the unique payment intent): the next run — or the event's own job — settles it.
      result.problems += 1;
      continue;
    }
    if (outcome.status === 'failed') result.problems += 1;
    else if (outcome.status !== 'processed' || candidate.status !== 'ACTIVE') continue;
    else if (event.type === 'checkout_expired') result.expired += 1;
    else result.completed += 1;
  }
  return result;
}
