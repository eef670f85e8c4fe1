// Ending an unpaid link (cancel or expiry), the same way wherever it happens: the state change, its
// Stripe session closed so it can't be paid, the timeline entry and the audit row.
import type { Actor } from '../../identity/actor.ts';
import type { AppError } from '../../shared/app-error.ts';
import type { PaymentLink } from '../payment-link.ts';
import type { LinkRepos } from '../payment-link-ports.ts';
import { closeSession } from './checkout-session.ts';
import type { PaymentLinkDeps } from './deps.ts';

export type CloseKind = 'cancel' | 'expire';

/**
 * Applies the transition to a locked link. `changed` is false when it was a no-op (already closed,
 * or not yet due); `error` is the state's refusal (e.g. cancelling a paid link).
 */
export async function closeLinkInTx(
  tx: LinkRepos,
  link: PaymentLink,
  close: {
    kind: CloseKind;
    actor: Actor;
    requestId: string | null;
    reason?: Record<string, unknown>;
    now: Date;
  },
  deps: Pick<PaymentLinkDeps, 'gateway'>,
): Promise<{ changed: boolean; error?: AppError }> {
  const sessionToClose = link.stripeSessionUrl ? link.stripeSessionId : null;
  const result = close.kind === 'cancel' ? link.cancel(close.now) : link.expire(close.now);
  if (!result.ok) return { changed: false, error: result.error };
  if (result.value.length === 0) return { changed: false };
  await closeSession(sessionToClose, deps);
  link.stripeSessionUrl = null;
  await tx.links.save(link);
  await tx.linkEvents.append({
    organizationId: link.organizationId,
    linkId: link.id,
    type: close.kind === 'cancel' ? 'cancelled' : 'expired',
    occurredAt: close.now,
    ...(close.reason ? { data: close.reason } : {}),
  });
  await tx.audit.append({
    organizationId: link.organizationId,
    actor: close.actor,
    action: close.kind === 'cancel' ? 'link.cancel' : 'link.expire',
    entityType: 'payment_link',
    entityId: link.id,
    requestId: close.requestId,
    occurredAt: close.now,
    ...(close.reason ? { data: close.reason } : {}),
  });
  return { changed: true };
}
