// Dates and money as the clinic reads them: its locale and time zone.
export function formatMoney(amount: number | string | null, currency: string, locale = 'en-US'): string {
  if (amount === null) return '—';
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(amount));
}

export function formatDateTime(iso: string | null, timeZone: string, locale = 'en-US'): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

export function formatDate(iso: string | null, timeZone: string, locale = 'en-US'): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(iso));
}

export function formatPercent(rate: number, locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

/** Money per currency, e.g. `{ USD: "1250.00", CAD: "40.00" }` → "$1,250.00 · CA$40.00". */
export function formatMoneyByCurrency(amounts: Record<string, string>, locale = 'en-US'): string {
  const entries = Object.entries(amounts);
  if (entries.length === 0) return formatMoney(0, 'USD', locale);
  return entries.map(([currency, amount]) => formatMoney(amount, currency, locale)).join(' · ');
}

export const STATUS_LABEL: Record<string, string> = {
  ACTIVE: 'Pending',
  COMPLETED: 'Paid',
  EXPIRED: 'Expired',
  CANCELLED: 'Cancelled',
  REFUNDED: 'Refunded',
  PARTIALLY_REFUNDED: 'Partly refunded',
};

/** A moment with its time zone named, e.g. "Tue, Mar 17, 8:00 AM EDT" (when a held text goes). */
export function formatWhen(iso: string | null, timeZone: string, locale = 'en-US'): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  }).format(new Date(iso));
}
