import { AppError } from '../shared/app-error.ts';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { currencyExponent, parseCurrency } from './currency.ts';
import type { Currency } from './currency.ts';
import { moneyError } from './money-error.ts';
import type { MoneyError } from './money-error.ts';

// Amounts live as integer minor units (cents) so that no arithmetic ever touches binary floating
// point. Decimal text only exists at the edges: parseMoney on the way in, formatMoneyDecimal out.

declare const minorUnitsBrand: unique symbol;
/**
 * A whole, non-negative number of minor units (cents). A number at runtime; for the compiler a type
 * of its own, so a count, a quantity or a number of seconds can't be passed or stored as money, and
 * `fee + count` (a plain number) can't be assigned back to it: amounts are combined with addMinor,
 * subtractMinor, multiplyMinor and sumMinor, which check the result.
 */
export type MinorUnits = number & { readonly [minorUnitsBrand]: 'MinorUnits' };

export type Money = { readonly amountMinor: MinorUnits; readonly currency: Currency };

/** The one place a number becomes MinorUnits: checked to be a safe, non-negative integer. */
export function tryMinorUnits(value: number): Result<MinorUnits, MoneyError> {
  if (!Number.isSafeInteger(value)) {
    return err(moneyError('NOT_SAFE_INTEGER', 'Amount must be a whole number of minor units'));
  }
  if (value < 0) return err(moneyError('NEGATIVE', 'Amount cannot be negative'));
  return ok(value as MinorUnits);
}

/** For trusted values (our database, Stripe's amounts): a bad one is a bug upstream and throws INTERNAL. */
export function minorUnits(value: number): MinorUnits {
  const result = tryMinorUnits(value);
  if (!result.ok) throw AppError.internal(`Invalid amount: ${result.error.message}`);
  return result.value;
}

/** minorUnits for a nullable amount (a link whose patient chooses the amount has none). */
export function minorUnitsOrNull(value: number | null | undefined): MinorUnits | null {
  return value === null || value === undefined ? null : minorUnits(value);
}

export const ZERO_MINOR: MinorUnits = minorUnits(0);

/** 99,999,999 minor units: $999,999.99. No clinic bills more in one link; larger input is a typo. */
export const MONEY_CEILING_MINOR = 99_999_999;

/** Validating constructor for amounts already in minor units (from the database or Stripe). */
export function tryMoney(amountMinor: number, currency: string): Result<Money, MoneyError> {
  const code = parseCurrency(currency);
  if (code === null) {
    return err(moneyError('UNSUPPORTED_CURRENCY', `Currency ${String(currency)} is not supported`));
  }
  const minor = tryMinorUnits(amountMinor);
  return minor.ok ? ok({ amountMinor: minor.value, currency: code }) : minor;
}

/**
 * For trusted values only. A bad value here means a bug upstream (user input goes through
 * parseMoney), so it throws an INTERNAL AppError instead of returning a Result.
 */
export function money(amountMinor: number, currency: string): Money {
  const result = tryMoney(amountMinor, currency);
  if (!result.ok) throw AppError.internal(`Invalid money value: ${result.error.message}`);
  return result.value;
}

export function zeroMoney(currency: Currency): Money {
  return { amountMinor: ZERO_MINOR, currency };
}

/** Exactly `exponent` decimals ("150.00", "0.05"; "1500" for JPY): the form Stripe and accountants expect. */
export function formatMoneyDecimal(m: Money): string {
  const exponent = currencyExponent(m.currency);
  const digits = String(m.amountMinor);
  if (exponent === 0) return digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/**
 * The amount as a JSON number in major units (150 for 150.00). Built from the decimal text, not by
 * dividing, so String(result) reads back as the same decimal for every amount up to 15 significant
 * digits (which covers MONEY_CEILING_MINOR with room to spare).
 */
export function toDecimalNumber(m: Money): number {
  return Number(formatMoneyDecimal(m));
}

function assertSameCurrency(a: Currency, b: Currency): void {
  if (a !== b) throw AppError.internal(`Cannot combine ${a} and ${b} amounts`);
}

function checkedMinor(value: number): MinorUnits {
  if (!Number.isSafeInteger(value))
    throw AppError.internal('Money arithmetic overflowed the safe integer range');
  if (value < 0) throw AppError.internal('Money arithmetic went below zero');
  return value as MinorUnits;
}

export function addMinor(a: MinorUnits, b: MinorUnits): MinorUnits {
  return checkedMinor(a + b);
}

/** Throws (INTERNAL) below zero: callers subtract what they know is at most `a` (a refund of a payment). */
export function subtractMinor(a: MinorUnits, b: MinorUnits): MinorUnits {
  return checkedMinor(a - b);
}

export function multiplyMinor(a: MinorUnits, quantity: number): MinorUnits {
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw AppError.internal(`Quantity must be a non-negative integer, got ${quantity}`);
  }
  return checkedMinor(a * quantity);
}

export function sumMinor(list: Iterable<MinorUnits>): MinorUnits {
  let total = ZERO_MINOR;
  for (const m of list) total = addMinor(total, m);
  return total;
}

// The arithmetic below throws (INTERNAL) on mixed currencies or overflow instead of returning a
// Result: a link has exactly one currency and every input amount is parsed against it before it
// is added up, so a mismatch can only be a bug, and Results would only add noise at call sites.

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a.currency, b.currency);
  return { amountMinor: checkedMinor(a.amountMinor + b.amountMinor), currency: a.currency };
}

/** `currency` is required so that an empty list still has one; throws if any element differs. */
export function sumMoney(list: readonly Money[], currency: Currency): Money {
  let total = zeroMoney(currency);
  for (const item of list) total = addMoney(total, item);
  return total;
}

export function multiplyMoney(m: Money, quantity: number): Money {
  return { amountMinor: multiplyMinor(m.amountMinor, quantity), currency: m.currency };
}

export function equalsMoney(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.amountMinor === b.amountMinor;
}

export function isZero(m: Money): boolean {
  return m.amountMinor === 0;
}

/** Minor units of a stored amount as the exact decimal text of its currency ("150.00", "500" for JPY). */
export function minorToDecimalString(amountMinor: number, currency: string): string {
  return formatMoneyDecimal(money(amountMinor, currency));
}
