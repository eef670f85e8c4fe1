// Checking a bulk send before it starts: every row judged in the clinic's own currency (a bulk row
// names an amount, never a currency).
import { AppError } from '../shared/app-error.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { validateBulkRows, type BulkDeps, type BulkRowInput, type BulkRowReport } from './bulk-send.ts';

export async function checkBulkRows(
  input: { organizationId: string; rows: readonly BulkRowInput[] },
  deps: BulkDeps,
): Promise<Result<{ currency: string; report: BulkRowReport[] }, AppError>> {
  const organization = await deps.repos.organizations.findById(input.organizationId);
  if (!organization) return err(AppError.notFound('Organization'));
  const currency = organization.defaultCurrency;
  return ok({ currency, report: await validateBulkRows(input.organizationId, input.rows, currency, deps) });
}
