import { z } from 'zod';
import { CHANNELS } from '@clinicpay/domain';
import { bulkRowsInput } from './bulk-rows.ts';

export const validateBulkSendInput = bulkRowsInput;

export const validateBulkSendOutput = z.object({
  rows: z.array(
    z.object({
      row: z.number(),
      ok: z.boolean(),
      errors: z.array(z.object({ field: z.string(), message: z.string() })),
      patientId: z.string().nullable(),
      patientName: z.string().nullable(),
      amountMinor: z.number().nullable(),
      channels: z.array(z.enum(CHANNELS)),
      /** Each message the row will make, as it will be sent, held for texting hours, or refused. */
      messages: z.array(
        z.object({
          channel: z.enum(CHANNELS),
          recipient: z.string(),
          status: z.enum(['queued', 'scheduled', 'refused']),
          reason: z.enum(['bulk', 'fallback']),
          refusedReason: z.string().nullable(),
          scheduledFor: z.string().nullable(),
        }),
      ),
      amount: z.number().nullable(),
    }),
  ),
  valid: z.number(),
  invalid: z.number(),
});
export type ValidateBulkSendOutput = z.infer<typeof validateBulkSendOutput>;
