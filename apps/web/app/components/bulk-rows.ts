// Bulk-send rows made from picked patients, in the CSV the bulk form sends (RFC 4180 quoting).
export const HEADER = 'patient,amount,description,channel';

/** One CSV field, quoted when it needs to be (RFC 4180). */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows for the picked patients, appended to what the box already holds (with a header if empty). */
export function appendPickedRows(
  csv: string,
  patients: ReadonlyArray<{ id: string }>,
  row: { amount: string; description: string; channel: string },
): string {
  const lines = patients.map((p) =>
    [p.id, row.amount.trim(), row.description.trim(), row.channel].map(field).join(','),
  );
  const existing = csv.trim();
  return [existing === '' ? HEADER : existing, ...lines].join('\n');
}
