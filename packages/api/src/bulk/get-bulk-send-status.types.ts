import { z } from 'zod';
import { LINK_STATUSES, MAX_BULK_ROWS } from '@clinicpay/domain';
import { line } from '../schemas.ts';
import { messageViewSchema } from '../views/message-view.ts';

export const getBulkSendStatusInput = z.object({
  batchId: line(100),
  offset: z.number().int().min(0).max(MAX_BULK_ROWS).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});

export const getBulkSendStatusOutput = z.object({
  batchId: z.string(),
  status: z.enum(['running', 'done']),
  total: z.number(),
  linksCreated: z.number(),
  skipped: z.array(z.object({ row: z.number(), reason: z.string().nullable() })),
  /** Messages of the whole batch by status. */
  messages: z.record(z.string(), z.number()),
  rowCount: z.number(),
  /** One page of rows, in row order. */
  rows: z.array(
    z.object({
      row: z.number(),
      patientName: z.string().nullable(),
      /** Null for a skipped row (see `skipReason`) or one the job hasn't reached yet. */
      link: z
        .object({
          id: z.string(),
          shortUrl: z.string(),
          status: z.enum(LINK_STATUSES),
          amountMinor: z.number().nullable(),
          currency: z.string(),
          amount: z.number().nullable(),
        })
        .nullable(),
      skipReason: z.string().nullable(),
      messages: z.array(messageViewSchema),
    }),
  ),
});
export type GetBulkSendStatusOutput = z.infer<typeof getBulkSendStatusOutput>;
