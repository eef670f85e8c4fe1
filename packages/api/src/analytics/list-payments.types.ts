import { z } from 'zod';
import { paymentStatusSchema } from '../views/payment-view.ts';
import { analyticsQuery } from './analytics-query.ts';

export const listPaymentsInput = analyticsQuery.extend({
  status: paymentStatusSchema.nullish(),
  limit: z.number().int().min(1).max(100).default(25),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});

export const listPaymentsOutput = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  total: z.number(),
  items: z.array(
    z.object({
      id: z.string(),
      linkId: z.string(),
      patientName: z.string(),
      providerName: z.string().nullable(),
      status: z.string(),
      currency: z.string(),
      amount: z.string(),
      refundedAmount: z.string(),
      receiptUrl: z.string().nullable(),
      paidAt: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});
export type ListPaymentsOutput = z.infer<typeof listPaymentsOutput>;
