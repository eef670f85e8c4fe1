// What the API shows of a payment on a link.
import { z } from 'zod';
import type { Payment } from '@clinicpay/domain';
import { decimal } from './money.ts';

export const paymentStatusSchema = z.enum(['SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED']);

export const paymentViewSchema = z.object({
  id: z.string(),
  linkId: z.string(),
  status: paymentStatusSchema,
  amount: z.number().nullable(),
  refundedAmount: z.number().nullable(),
  currency: z.string(),
  receiptUrl: z.string().nullable(),
  failureCode: z.string().nullable(),
  failureMessage: z.string().nullable(),
  paidAt: z.string().nullable(),
  createdAt: z.string(),
});
export type PaymentView = z.infer<typeof paymentViewSchema>;

export const paymentView = (p: Payment): PaymentView => ({
  id: p.id,
  linkId: p.linkId,
  status: p.status,
  amount: decimal(p.amountMinor, p.currency),
  refundedAmount: decimal(p.refundedMinor, p.currency),
  currency: p.currency,
  receiptUrl: p.receiptUrl,
  failureCode: p.failureCode,
  failureMessage: p.failureMessage,
  paidAt: p.paidAt?.toISOString() ?? null,
  createdAt: p.createdAt.toISOString(),
});
