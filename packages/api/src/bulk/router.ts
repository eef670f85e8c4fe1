// Bulk sending: validate a list (or CSV) of patients and amounts, then send it — idempotently.
import { router } from '../trpc.ts';
import { getBulkSendStatusProcedure } from './get-bulk-send-status.ts';
import { startBulkSendProcedure } from './start-bulk-send.ts';
import { validateBulkSendProcedure } from './validate-bulk-send.ts';

export const bulkRouter = router({
  validate: validateBulkSendProcedure,
  start: startBulkSendProcedure,
  status: getBulkSendStatusProcedure,
});
