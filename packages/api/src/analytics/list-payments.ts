// analytics.payments — payment history: payments made in the range, newest first, with patient
// and receipt.
import { listPaymentHistory, minorToDecimalString } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { listPaymentsInput, type ListPaymentsOutput } from './list-payments.types.ts';

export const listPaymentsProcedure = requirePermission('links:read')
  .input(listPaymentsInput)
  .query(async ({ ctx, input }): Promise<ListPaymentsOutput> => {
    const page = unwrap(
      await listPaymentHistory(
        { ...input, status: input.status ?? undefined, organizationId: ctx.organizationId },
        ctx.deps.analytics,
      ),
    );
    return {
      range: page.range,
      total: page.total,
      items: page.items.map((p) => ({
        id: p.id,
        linkId: p.linkId,
        patientName: p.patientName,
        providerName: p.providerName,
        status: p.status,
        currency: p.currency,
        amount: minorToDecimalString(p.amountMinor, p.currency),
        refundedAmount: minorToDecimalString(p.refundedMinor, p.currency),
        receiptUrl: p.receiptUrl,
        paidAt: p.paidAt?.toISOString() ?? null,
        createdAt: p.createdAt.toISOString(),
      })),
    };
  });
