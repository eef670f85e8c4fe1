// notifications.markAllRead — the staff member has seen every notice.
import { userIdOf } from '../acting.ts';
import { requirePermission } from '../trpc.ts';
import type { MarkAllNotificationsReadOutput } from './mark-all-notifications-read.types.ts';

export const markAllNotificationsReadProcedure = requirePermission('links:read').mutation(
  async ({ ctx }): Promise<MarkAllNotificationsReadOutput> => {
    const userId = userIdOf(ctx);
    if (!userId) return { marked: 0 };
    const marked = await ctx.deps.paymentLinks.repos.notifications.markAllReadForUser(
      ctx.organizationId,
      userId,
      ctx.deps.clock.now(),
    );
    return { marked };
  },
);
