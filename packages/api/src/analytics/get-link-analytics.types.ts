import { z } from 'zod';
import { id } from '../schemas.ts';

export const getLinkAnalyticsInput = z.object({ linkId: id });

export const getLinkAnalyticsOutput = z.object({
  linkId: z.string(),
  clicks: z.number(),
  uniqueClicks: z.number(),
  conversionRate: z.number(),
  /** Seconds from the first click to payment (null until paid). */
  averageTimeToPayment: z.number().nullable(),
  /** Seconds from the first send to payment (null until paid, or never sent). */
  averageTimeFromSentToPayment: z.number().nullable(),
  clicksByDay: z.array(z.object({ date: z.string(), count: z.number() })),
  devices: z.record(z.string(), z.number()),
  channels: z.record(z.string(), z.number()),
  botClicks: z.number(),
  timeZone: z.string(),
  timeline: z.array(z.object({ at: z.string(), type: z.string(), data: z.record(z.string(), z.unknown()) })),
});
export type GetLinkAnalyticsOutput = z.infer<typeof getLinkAnalyticsOutput>;
