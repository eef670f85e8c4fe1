import { z } from 'zod';

/** How many of the staff member's notices are unread (0 for an API key). */
export const countUnreadNotificationsOutput = z.number();
export type CountUnreadNotificationsOutput = z.infer<typeof countUnreadNotificationsOutput>;
