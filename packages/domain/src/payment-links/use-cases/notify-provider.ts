// An in-app notice about a link for the provider it is for (their staff login when they have one),
// and an email copy for staff who asked for one.
import type { PaymentLink } from '../payment-link.ts';
import type { LinkRepos, NotificationType } from '../payment-link-ports.ts';

export async function notifyLinkProvider(
  tx: LinkRepos,
  link: PaymentLink,
  notice: { type: NotificationType; title: string; body?: string; at: Date },
): Promise<void> {
  const provider = link.providerId ? await tx.providers.findById(link.organizationId, link.providerId) : null;
  await tx.notifications.create({
    organizationId: link.organizationId,
    userId: provider?.userId ?? null,
    providerId: link.providerId,
    type: notice.type,
    linkId: link.id,
    title: notice.title,
    body: notice.body ?? '',
    createdAt: notice.at,
  });
  if (provider?.userId) {
    // The email copy (a user setting) is decided and sent by the job, outside this transaction.
    await tx.jobs.enqueue('notify-staff-email', {
      organizationId: link.organizationId,
      userId: provider.userId,
      linkId: link.id,
      title: notice.title,
    });
  }
}
