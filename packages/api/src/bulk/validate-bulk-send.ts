// bulk.validate — checks every row the way sending it will; sends nothing.
import { checkBulkRows } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { decimal } from '../views/money.ts';
import { rowsFrom } from './bulk-rows.ts';
import { validateBulkSendInput, type ValidateBulkSendOutput } from './validate-bulk-send.types.ts';

export const validateBulkSendProcedure = requirePermission('links:send')
  .input(validateBulkSendInput)
  .mutation(async ({ ctx, input }): Promise<ValidateBulkSendOutput> => {
    const { currency, report } = unwrap(
      await checkBulkRows({ organizationId: ctx.organizationId, rows: rowsFrom(input) }, ctx.deps.bulkSends),
    );
    return {
      rows: report.map((r) => ({
        ...r,
        amount: decimal(r.amountMinor, currency),
        messages: r.messages.map((m) => ({ ...m, scheduledFor: m.scheduledFor?.toISOString() ?? null })),
      })),
      valid: report.filter((r) => r.ok).length,
      invalid: report.filter((r) => !r.ok).length,
    };
  });
