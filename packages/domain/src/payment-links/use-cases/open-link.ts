// OpenLink — what a patient's tap on /go/:code leads to: the payment page (a fresh Checkout
// Session if the current one is gone or about to end), or a page saying the link is paid, expired
// or cancelled. Concurrent first clicks lock the link row, so they make one session, not two.
import { parseShortCode } from '../short-code.ts';
import type { PaymentLink } from '../payment-link.ts';
import type { Organization } from '../../organizations/organization.ts';
import { AppError } from '../../shared/app-error.ts';
import { closeSession, createSessionFor } from './checkout-session.ts';
import type { PaymentLinkDeps } from './deps.ts';
import { expireLink } from './manage-link.ts';

export type OpenLinkOutcome =
  | { kind: 'redirect'; url: string; link: PaymentLink }
  | { kind: 'paid'; link: PaymentLink; organization: Organization }
  | { kind: 'closed'; reason: 'expired' | 'cancelled'; link: PaymentLink; organization: Organization }
  | { kind: 'not_found' };

/** Read-only view for bots and link previews: never creates a session or changes anything. */
export async function peekLink(
  code: string,
  deps: Pick<PaymentLinkDeps, 'repos'>,
): Promise<{ link: PaymentLink; organization: Organization } | null> {
  const shortCode = parseShortCode(code);
  if (!shortCode) return null;
  const link = await deps.repos.links.unsafeFindByShortCode(shortCode);
  if (!link) return null;
  const organization = await deps.repos.organizations.findById(link.organizationId);
  return organization ? { link, organization } : null;
}

export async function openLink(code: string, deps: PaymentLinkDeps): Promise<OpenLinkOutcome> {
  const found = await peekLink(code, deps);
  if (!found) return { kind: 'not_found' };
  const { organization } = found;
  let link = found.link;
  const now = deps.clock.now();

  if (link.status === 'ACTIVE' && now.getTime() >= link.expiresAt.getTime()) {
    // The sweep runs every minute; a click in between must not reach a payment page.
    link = (await expireLink({ organizationId: link.organizationId, linkId: link.id }, deps)) ?? link;
  }
  switch (link.status) {
    case 'COMPLETED':
    case 'REFUNDED':
    case 'PARTIALLY_REFUNDED':
      return { kind: 'paid', link, organization };
    case 'EXPIRED':
      return { kind: 'closed', reason: 'expired', link, organization };
    case 'CANCELLED':
      return { kind: 'closed', reason: 'cancelled', link, organization };
    case 'ACTIVE':
      break;
  }
  if (!link.needsNewSession(now) && link.stripeSessionUrl) {
    return { kind: 'redirect', url: link.stripeSessionUrl, link };
  }

  return deps.uow.run(async (tx): Promise<OpenLinkOutcome> => {
    const locked = await tx.links.findByIdForUpdate(link.organizationId, link.id);
    if (!locked) return { kind: 'not_found' };
    // Another click may have renewed it while we waited for the lock.
    if (!locked.needsNewSession(now)) {
      if (locked.stripeSessionUrl && locked.status === 'ACTIVE')
        return { kind: 'redirect', url: locked.stripeSessionUrl, link: locked };
      return locked.status === 'ACTIVE'
        ? { kind: 'closed', reason: 'expired', link: locked, organization }
        : { kind: 'paid', link: locked, organization };
    }
    // Expire a still-open old session first, so only one can ever be paid.
    if (locked.stripeSessionUrl) await closeSession(locked.stripeSessionId, deps);
    const session = await createSessionFor(locked, organization, deps, now);
    if (!session.ok) throw session.error;
    const attached = locked.attachSession(
      { id: session.value.sessionId, url: session.value.url, expiresAt: session.value.expiresAt },
      now,
    );
    if (!attached.ok) throw attached.error;
    await tx.links.save(locked);
    await tx.linkEvents.append({
      organizationId: locked.organizationId,
      linkId: locked.id,
      type: 'session_renewed',
      occurredAt: now,
      data: { sessionNumber: locked.sessionCount },
    });
    if (!locked.stripeSessionUrl) throw AppError.internal('renewed session has no URL');
    return { kind: 'redirect', url: locked.stripeSessionUrl, link: locked };
  });
}
