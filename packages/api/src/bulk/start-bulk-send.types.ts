import { z } from 'zod';
import { line } from '../schemas.ts';
import { bulkRowsInput } from './bulk-rows.ts';

export const startBulkSendInput = bulkRowsInput.extend({
  idempotencyKey: line(100),
  skipInvalid: z.boolean().default(false),
});

export const startBulkSendOutput = z.object({
  batchId: z.string(),
  /** True when this key already started a send: nothing new was started. */
  duplicate: z.boolean(),
  total: z.number(),
  skipped: z.number(),
});
export type StartBulkSendOutput = z.infer<typeof startBulkSendOutput>;
