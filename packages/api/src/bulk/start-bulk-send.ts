// bulk.start — starts the send; the same idempotency key twice starts nothing new.
import { startBulkSend } from '@clinicpay/domain';
import { creatingFor } from '../acting.ts';
import { requirePermission, unwrap } from '../trpc.ts';
import { rowsFrom } from './bulk-rows.ts';
import { startBulkSendInput, type StartBulkSendOutput } from './start-bulk-send.types.ts';

export const startBulkSendProcedure = requirePermission('links:send')
  .input(startBulkSendInput)
  .mutation(async ({ ctx, input }): Promise<StartBulkSendOutput> => {
    const { batch, duplicate, report } = unwrap(
      await startBulkSend(
        {
          ...creatingFor(ctx),
          idempotencyKey: input.idempotencyKey,
          rows: rowsFrom(input),
          skipInvalid: input.skipInvalid,
        },
        ctx.deps.bulkSends,
      ),
    );
    return {
      batchId: batch.id,
      duplicate,
      total: batch.total,
      skipped: report.filter((r) => !r.ok).length,
    };
  });
