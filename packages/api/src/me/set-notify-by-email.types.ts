import { z } from 'zod';

export const setNotifyByEmailInput = z.object({ enabled: z.boolean() });

export const setNotifyByEmailOutput = z.object({ notifyByEmail: z.boolean() });
export type SetNotifyByEmailOutput = z.infer<typeof setNotifyByEmailOutput>;
