// bulk.status — a bulk send's progress while it runs and afterwards: links created, messages by
// status, and a page of its rows.
import { getBulkProgress } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { messageView } from '../views/message-view.ts';
import { decimal } from '../views/money.ts';
import { getBulkSendStatusInput, type GetBulkSendStatusOutput } from './get-bulk-send-status.types.ts';

export const getBulkSendStatusProcedure = requirePermission('links:read')
  .input(getBulkSendStatusInput)
  .query(async ({ ctx, input }): Promise<GetBulkSendStatusOutput> => {
    const progress = unwrap(
      await getBulkProgress({ organizationId: ctx.organizationId, ...input }, ctx.deps.bulkSends),
    );
    return {
      batchId: progress.batch.id,
      status: progress.batch.status,
      total: progress.batch.total,
      linksCreated: progress.linksCreated,
      skipped: progress.skipped,
      messages: progress.messages,
      rowCount: progress.rowCount,
      rows: progress.rows.map((r) => ({
        ...r,
        link: r.link ? { ...r.link, amount: decimal(r.link.amountMinor, r.link.currency) } : null,
        messages: r.messages.map(messageView),
      })),
    };
  });
