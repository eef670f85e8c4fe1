// Bulk sending: validate a list (or CSV) of patients and amounts, then send it — idempotently.
import { z } from 'zod';
import Papa from 'papaparse';
import { AppError, startBulkSend, validateBulkRows, type BulkRowInput } from '@clinicpay/domain';
import { requirePermission, router, type TenantContext } from '../trpc.ts';
import { toTrpcError } from '../errors.ts';
import { decimal } from './link-views.ts';

const rowSchema = z.object({
  patient: z.string().max(200).optional(),
  amount: z.union([z.number(), z.string().max(32)]).optional(),
  description: z.string().max(1000).nullish(),
  channel: z.string().max(20).optional(),
});

const input = z.object({
  rows: z.array(rowSchema).max(10_000).optional(),
  /** CSV with a header: patient, amount, description, channel. */
  csv: z.string().max(5_000_000).optional(),
});

/** CSV → rows (papaparse), with header names normalised; an unreadable CSV names the problem. */
export function rowsFrom(value: z.infer<typeof input>): BulkRowInput[] {
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

async function currencyOf(ctx: TenantContext) {
  const org = await ctx.deps.organizations.findById(ctx.organizationId);
  if (!org) throw toTrpcError(AppError.notFound('Organization'));
  return org.defaultCurrency;
}

export const bulkRouter = router({
  /** Checks every row; sends nothing. */
  validate: requirePermission('links:send')
    .input(input)
    .mutation(async ({ ctx, input }) => {
      const currency = await currencyOf(ctx);
      const report = await validateBulkRows(
        ctx.organizationId,
        rowsFrom(input),
        currency,
        ctx.deps.bulkSends,
      );
      return {
        rows: report.map((r) => ({ ...r, amount: decimal(r.amountMinor, currency) })),
        valid: report.filter((r) => r.ok).length,
        invalid: report.filter((r) => !r.ok).length,
      };
    }),

  /** Starts the send; the same idempotency key twice starts nothing new. */
  start: requirePermission('links:send')
    .input(input.extend({ idempotencyKey: z.string().max(100), skipInvalid: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const result = await startBulkSend(
        {
          organizationId: ctx.organizationId,
          actor: ctx.actor,
          createdByUserId: ctx.auth.kind === 'user' ? ctx.auth.user.id : null,
          requestId: ctx.requestId,
          idempotencyKey: input.idempotencyKey,
          rows: rowsFrom(input),
          skipInvalid: input.skipInvalid,
        },
        ctx.deps.bulkSends,
      );
      if (!result.ok) throw toTrpcError(result.error);
      const { batch, duplicate, report } = result.value;
      return {
        batchId: batch.id,
        duplicate,
        total: batch.total,
        skipped: report.filter((r) => !r.ok).length,
      };
    }),

  /** Progress while it runs and afterwards: rows, links created, messages by status. */
  status: requirePermission('links:read')
    .input(z.object({ batchId: z.string().max(100) }))
    .query(async ({ ctx, input }) => {
      const batch = await ctx.deps.bulkSends.bulk.findBatch(ctx.organizationId, input.batchId);
      if (!batch) throw toTrpcError(AppError.notFound('Bulk send'));
      const [rows, messages] = await Promise.all([
        ctx.deps.bulkSends.bulk.rows(ctx.organizationId, batch.id),
        ctx.deps.bulkSends.bulk.messageCounts(ctx.organizationId, batch.id),
      ]);
      return {
        batchId: batch.id,
        status: batch.status,
        total: batch.total,
        linksCreated: rows.filter((r) => r.linkId).length,
        skipped: rows
          .filter((r) => r.status === 'skipped')
          .map((r) => ({ row: r.rowNumber, reason: r.skipReason })),
        messages,
      };
    }),
});
