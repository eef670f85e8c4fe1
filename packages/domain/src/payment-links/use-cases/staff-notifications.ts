// A staff member's in-app notices (link paid, link expired, message failed, a patient asking for a
// new link): the latest ones and how many are unread.
import type { NotificationStore } from '../payment-link-ports.ts';

/** How many notices the inbox shows. */
const INBOX_SIZE = 50;

export async function listStaffNotifications(
  input: { organizationId: string; userId: string },
  deps: { repos: { notifications: NotificationStore } },
) {
  const store = deps.repos.notifications;
  const [items, unread] = await Promise.all([
    store.listForUser(input.organizationId, input.userId, INBOX_SIZE),
    store.countUnreadForUser(input.organizationId, input.userId),
  ]);
  return { items, unread };
}
