// notifications.unreadCount — the badge on the bell.
import { userIdOf } from '../acting.ts';
import { requirePermission } from '../trpc.ts';
import type { CountUnreadNotificationsOutput } from './count-unread-notifications.types.ts';

export const countUnreadNotificationsProcedure = requirePermission('links:read').query(
  async ({ ctx }): Promise<CountUnreadNotificationsOutput> => {
    const userId = userIdOf(ctx);
    return userId
      ? ctx.deps.paymentLinks.repos.notifications.countUnreadForUser(ctx.organizationId, userId)
      : 0;
  },
);
