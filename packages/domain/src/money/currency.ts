// Currencies we accept, with the number of minor-unit digits Stripe uses for each. Zero-decimal
// currencies (JPY, KRW) are charged in whole units, so "10.5" is not a valid JPY amount.
// Stripe's special cases (HUF, ISK, TWD, UGX: two decimals on the API but whole units on payouts)
// are left out on purpose until someone needs them.
export const CURRENCY_EXPONENTS = {
  USD: 2,
  CAD: 2,
  EUR: 2,
  GBP: 2,
  AUD: 2,
  NZD: 2,
  CHF: 2,
  JPY: 0,
  KRW: 0,
} as const;

/** An upper-case ISO-4217 code that we support. */
export type Currency = keyof typeof CURRENCY_EXPONENTS;

export const SUPPORTED_CURRENCIES: readonly Currency[] = [
  'USD',
  'CAD',
  'EUR',
  'GBP',
  'AUD',
  'NZD',
  'CHF',
  'JPY',
  'KRW',
];

/** Strict: only the canonical upper-case code passes. Use parseCurrency for outside input. */
export function isSupportedCurrency(code: unknown): code is Currency {
  return typeof code === 'string' && Object.hasOwn(CURRENCY_EXPONENTS, code);
}

/** Accepts any letter case and surrounding spaces, because Stripe sends "usd" and people type " usd ". */
export function parseCurrency(input: unknown): Currency | null {
  if (typeof input !== 'string') return null;
  const code = input.trim().toUpperCase();
  return isSupportedCurrency(code) ? code : null;
}

export function currencyExponent(currency: Currency): number {
  return CURRENCY_EXPONENTS[currency];
}
