// Amount formatting and Stripe's per-currency limits. Amounts are integers in the currency's minor
// unit; zero-decimal currencies (JPY, KRW, …) have no minor unit, as on Stripe.

const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Stripe's minimum charge amounts (docs: "Minimum and maximum charge amounts"), in minor units. */
const MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  usd: 50,
  aud: 50,
  brl: 50,
  cad: 50,
  chf: 50,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  jpy: 50,
  mxn: 1000,
  nok: 300,
  nzd: 50,
  sek: 300,
  sgd: 50,
};

/** Eight digits, e.g. $999,999.99 — Stripe's cap for most currencies. */
export const MAXIMUM_CHARGE = 99_999_999;

export function minimumCharge(currency: string): number | null {
  return MINIMUM_CHARGE[currency] ?? null;
}

export function formatAmount(minor: number, currency: string): string {
  const digits = ZERO_DECIMAL.has(currency) ? 0 : 2;
  const major = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency.toUpperCase()}`;
  }
}
