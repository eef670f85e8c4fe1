// In-app notifications for the signed-in staff member: link paid, link expired, message failed,
// a patient asking for a new link.
import { router } from '../trpc.ts';
import { countUnreadNotificationsProcedure } from './count-unread-notifications.ts';
import { listNotificationsProcedure } from './list-notifications.ts';
import { markAllNotificationsReadProcedure } from './mark-all-notifications-read.ts';

export const notificationsRouter = router({
  list: listNotificationsProcedure,
  unreadCount: countUnreadNotificationsProcedure,
  markAllRead: markAllNotificationsReadProcedure,
});
