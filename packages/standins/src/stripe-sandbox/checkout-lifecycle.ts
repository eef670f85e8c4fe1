// Closing Checkout Sessions: through the API (`/expire`) or because `expires_at` passed on the
// injected clock. Both end the same way on Stripe: status `expired`, no URL, the unused
// PaymentIntent/SetupIntent canceled, and a `checkout.session.expired` event.
import type { RequestInfo, SandboxContext } from './context.ts';
import { NO_REQUEST } from './context.ts';
import type { SessionRecord } from './store.ts';

export function expireSession(context: SandboxContext, record: SessionRecord, request: RequestInfo) {
  const now = context.nowSeconds();
  const { session } = record;
  session.status = 'expired';
  session.url = null;
  if (typeof session.payment_intent === 'string') {
    const intent = context.store.paymentIntents.get(session.payment_intent);
    if (intent && intent.status !== 'succeeded' && intent.status !== 'canceled') {
      intent.status = 'canceled';
      intent.canceled_at = now;
      intent.cancellation_reason = 'abandoned';
    }
  }
  if (typeof session.setup_intent === 'string') {
    const intent = context.store.setupIntents.get(session.setup_intent);
    if (intent && intent.status !== 'succeeded' && intent.status !== 'canceled') {
      intent.status = 'canceled';
      intent.cancellation_reason = 'abandoned';
    }
  }
  context.emit('checkout.session.expired', session, request);
  context.changed();
}

/** Expires every open session whose `expires_at` is not in the future. */
export function sweepExpiredSessions(context: SandboxContext) {
  const now = context.nowSeconds();
  for (const record of context.store.sessions.values()) {
    if (record.session.status === 'open' && record.session.expires_at <= now) {
      expireSession(context, record, NO_REQUEST);
    }
  }
}
