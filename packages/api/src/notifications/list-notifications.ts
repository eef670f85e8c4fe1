// notifications.list — the signed-in staff member's latest notices and how many are unread.
// (API keys have no inbox: they get an empty list.)
import { listStaffNotifications } from '@clinicpay/domain';
import { userIdOf } from '../acting.ts';
import { requirePermission } from '../trpc.ts';
import type { ListNotificationsOutput } from './list-notifications.types.ts';

export const listNotificationsProcedure = requirePermission('links:read').query(
  async ({ ctx }): Promise<ListNotificationsOutput> => {
    const userId = userIdOf(ctx);
    if (!userId) return { items: [], unread: 0 };
    const { items, unread } = await listStaffNotifications(
      { organizationId: ctx.organizationId, userId },
      ctx.deps.paymentLinks,
    );
    return {
      items: items.map((n) => ({
        id: n.id,
        type: n.type,
        linkId: n.linkId,
        title: n.title,
        body: n.body,
        createdAt: n.createdAt.toISOString(),
        read: n.readAt !== null,
      })),
      unread,
    };
  },
);
