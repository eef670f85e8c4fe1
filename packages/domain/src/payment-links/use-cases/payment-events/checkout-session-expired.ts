// checkout.session.expired — Stripe closed the link's session (24 h at most). The link outlives it:
// the session is forgotten so the next click opens a fresh one. An expiry after payment, or of a
// session the link has already replaced, changes nothing.
import type { PaymentEvent } from '../../payment-events.ts';
import type { PaymentLinkDeps } from '../deps.ts';
import { linkForEvent } from './event-link.ts';
import { ignored, processed, type EventOutcome } from './event-outcome.ts';

export async function checkoutSessionExpired(
  event: Extract<PaymentEvent, { type: 'checkout_expired' }>,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  const now = deps.clock.now();
  const link = await linkForEvent(event.linkId, null, deps);
  if (!link) return ignored(null, 'no matching link');
  await deps.uow.run(async (tx) => {
    const locked = await tx.links.findByIdForUpdate(link.organizationId, link.id);
    if (locked?.forgetSession(event.sessionId, now)) {
      await tx.links.save(locked);
      await tx.linkEvents.append({
        organizationId: locked.organizationId,
        linkId: locked.id,
        type: 'session_expired',
        occurredAt: now,
      });
    }
  });
  return processed(link.organizationId);
}
