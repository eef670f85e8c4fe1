// CSV exports of links and payments, streamed a page at a time (never all rows in memory), with
// backpressure: the next page is read only when the client has taken the last one.
import type { Response } from 'express';
import { stringify } from 'csv-stringify';
import { once } from 'node:events';
import { minorToDecimalString, type LinkExportRow, type PaymentExportRow } from '@clinicpay/domain';

const money = (minor: number | null, currency: string) =>
  minor === null ? '' : minorToDecimalString(minor, currency);
const iso = (d: Date | null) => (d ? d.toISOString() : '');

export const LINK_COLUMNS = [
  'link_id',
  'short_code',
  'type',
  'status',
  'patient',
  'provider',
  'currency',
  'amount',
  'collected',
  'refunded',
  'description',
  'created_at',
  'expires_at',
  'completed_at',
  'sent_by_email',
  'sent_by_sms',
  'clicks',
];

export function linkRecord(r: LinkExportRow): unknown[] {
  return [
    r.id,
    r.shortCode,
    r.type,
    r.status,
    r.patientName,
    r.providerName ?? '',
    r.currency,
    money(r.amountMinor, r.currency),
    money(r.collectedMinor, r.currency),
    money(r.refundedMinor, r.currency),
    r.description ?? '',
    iso(r.createdAt),
    iso(r.expiresAt),
    iso(r.completedAt),
    r.sentViaEmail ? 'yes' : 'no',
    r.sentViaSms ? 'yes' : 'no',
    r.clickCount,
  ];
}

export const PAYMENT_COLUMNS = [
  'payment_id',
  'link_id',
  'created_at',
  'paid_at',
  'patient',
  'provider',
  'status',
  'currency',
  'amount',
  'refunded',
  'receipt_url',
];

export function paymentRecord(r: PaymentExportRow): unknown[] {
  return [
    r.id,
    r.linkId,
    iso(r.createdAt),
    iso(r.paidAt),
    r.patientName,
    r.providerName ?? '',
    r.status,
    r.currency,
    money(r.amountMinor, r.currency),
    money(r.refundedMinor, r.currency),
    r.receiptUrl ?? '',
  ];
}

/**
 * Spreadsheet apps run cells that start with = + - @ as formulas (CSV injection): such text cells get
 * a leading apostrophe. Numbers are left alone.
 */
function defuse(value: unknown): unknown {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export async function streamCsv<T>(
  res: Response,
  filename: string,
  columns: string[],
  pages: AsyncIterable<T[]>,
  toRecord: (row: T) => unknown[],
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  const csv = stringify({ header: true, columns });
  csv.pipe(res);
  for await (const page of pages) {
    for (const row of page) {
      if (!csv.write(toRecord(row).map(defuse))) await once(csv, 'drain');
    }
    if (res.destroyed) break; // the client went away: stop reading pages
  }
  csv.end();
  await once(res, 'finish').catch(() => undefined);
}
