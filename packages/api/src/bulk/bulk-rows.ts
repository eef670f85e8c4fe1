// The rows of a bulk send, as JSON rows or as CSV text (read with papaparse): the input both
// validating and starting a send take. An unreadable CSV names the problem.
import { z } from 'zod';
import Papa from 'papaparse';
import { AppError, type BulkRowInput } from '@clinicpay/domain';
import { toTrpcError } from '../errors.ts';
import { amountish, line, text } from '../schemas.ts';

const rowSchema = z.object({
  patient: line(200).optional(),
  amount: amountish.optional(),
  description: text(1000).nullish(),
  channel: line(20).optional(),
});

export const bulkRowsInput = z.object({
  rows: z.array(rowSchema).max(10_000).optional(),
  /** CSV with a header: patient, amount, description, channel. */
  csv: text(5_000_000).optional(),
});

/** CSV → rows, with header names normalised. */
export function rowsFrom(value: z.infer<typeof bulkRowsInput>): BulkRowInput[] {
  if (value.rows) return value.rows;
  if (!value.csv) throw toTrpcError(AppError.validation('rows', 'Give rows or a CSV file'));
  const parsed = Papa.parse<Record<string, string>>(value.csv.trim(), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const missing = ['patient', 'amount', 'channel'].filter((h) => !parsed.meta.fields?.includes(h));
  if (missing.length > 0)
    throw toTrpcError(AppError.validation('csv', `The CSV needs the columns: ${missing.join(', ')}`));
  return parsed.data.map((r) => ({
    patient: r.patient,
    amount: r.amount,
    description: r.description || undefined,
    channel: r.channel,
  }));
}
