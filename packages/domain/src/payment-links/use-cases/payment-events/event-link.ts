// The link an event is about, found by our own id (client_reference_id / metadata) — never by
// customer: the seed's updateMany-by-customer marked the wrong links paid.
import type { PaymentLink } from '../../payment-link.ts';
import { EventCannotApply, type PaymentLinkDeps } from '../deps.ts';

export async function linkForEvent(
  linkId: string | null,
  organizationId: string | null,
  deps: Pick<PaymentLinkDeps, 'repos'>,
): Promise<PaymentLink | null> {
  if (!linkId) return null;
  const link = await deps.repos.links.unsafeFindByIdForWebhook(linkId);
  if (!link) return null;
  // Metadata names the tenant too. A mismatch is never ours to fix by retrying, and which clinic it
  // concerns is exactly what is in doubt, so it is left for the platform operator.
  if (organizationId && organizationId !== link.organizationId) {
    throw new EventCannotApply(`the event names link ${link.id} but another organization`, null);
  }
  return link;
}
