import { z } from 'zod';

export const markAllNotificationsReadOutput = z.object({ marked: z.number() });
export type MarkAllNotificationsReadOutput = z.infer<typeof markAllNotificationsReadOutput>;
