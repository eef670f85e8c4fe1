// Amounts go out as decimals of their currency (15000 minor units of USD → 150).
import { money, parseCurrency, toDecimalNumber } from '@clinicpay/domain';

export function decimal(minor: number | null, currency: string): number | null {
  const c = parseCurrency(currency);
  return minor === null || c === null ? null : toDecimalNumber(money(minor, c));
}
