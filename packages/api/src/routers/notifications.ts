// In-app notifications for the signed-in staff member: link paid, link expired, message failed,
// a patient asking for a new link. (API keys have no inbox: they get an empty list.)
import { requirePermission, router, type TenantContext } from '../trpc.ts';

const userIdOf = (ctx: TenantContext) => (ctx.auth.kind === 'user' ? ctx.auth.user.id : null);

export const notificationsRouter = router({
  list: requirePermission('links:read').query(async ({ ctx }) => {
    const userId = userIdOf(ctx);
    if (!userId) return { items: [], unread: 0 };
    const store = ctx.deps.paymentLinks.repos.notifications;
    const [items, unread] = await Promise.all([
      store.listForUser(ctx.organizationId, userId, 50),
      store.countUnreadForUser(ctx.organizationId, userId),
    ]);
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
  }),
  unreadCount: requirePermission('links:read').query(async ({ ctx }) => {
    const userId = userIdOf(ctx);
    return userId
      ? ctx.deps.paymentLinks.repos.notifications.countUnreadForUser(ctx.organizationId, userId)
      : 0;
  }),
  markAllRead: requirePermission('links:read').mutation(async ({ ctx }) => {
    const userId = userIdOf(ctx);
    if (!userId) return { marked: 0 };
    const marked = await ctx.deps.paymentLinks.repos.notifications.markAllReadForUser(
      ctx.organizationId,
      userId,
      ctx.deps.clock.now(),
    );
    return { marked };
  }),
});
