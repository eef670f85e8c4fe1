// Stripe only accepts a Checkout Session expiry between 30 minutes and 24 hours after creation,
// while a link lives 72 hours (30 days for card updates). So a link goes through several sessions,
// each created on demand when the patient opens the link (see PaymentLink.needsNewSession).

export const STRIPE_SESSION_MIN_LIFETIME_MS = 30 * 60 * 1000;
export const STRIPE_SESSION_MAX_LIFETIME_MS = 24 * 60 * 60 * 1000;
// Our timestamp is taken before the request reaches Stripe and clocks drift a little; without the
// margin an expiry of exactly 30 minutes (or 24 hours) can be refused as out of range.
const CLOCK_MARGIN_MS = 60 * 1000;

/**
 * When a session created now should expire: with the link if possible, clamped into Stripe's window.
 * Near the link's end the session may outlive it by up to ~31 minutes; expiring the link emits
 * LinkExpired with the session id so it can be closed at Stripe, and a payment that still slips
 * through is handled by the use case as a late payment.
 */
export function computeSessionExpiresAt(linkExpiresAt: Date, now: Date): Date {
  const earliest = now.getTime() + STRIPE_SESSION_MIN_LIFETIME_MS + CLOCK_MARGIN_MS;
  const latest = now.getTime() + STRIPE_SESSION_MAX_LIFETIME_MS - CLOCK_MARGIN_MS;
  return new Date(Math.min(latest, Math.max(earliest, linkExpiresAt.getTime())));
}
