import { AppError } from '../shared/app-error.ts';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { currencyExponent, parseCurrency } from './currency.ts';
import type { Currency } from './currency.ts';
import { moneyError } from './money-error.ts';
import type { MoneyError } from './money-error.ts';
import { formatMoneyDecimal, minorUnits, MONEY_CEILING_MINOR } from './money.ts';
import type { Money } from './money.ts';

// Plain ASCII digits with an optional fraction. Both sides of the point need a digit: "1." and ".5"
// are rejected because they usually mean a half-typed or truncated value, and a payment amount is
// the wrong place to guess. No sign, no thousands separators, no exponent.
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const NEGATIVE_DECIMAL = /^-\s*\d+(?:\.\d+)?$/;

export type ParseMoneyOptions = { maxMinor?: number };

/**
 * Parses a major-unit amount ("150.00", "0.05", 150, 0.5) into exact minor units without ever
 * multiplying a float: the decimal text is split into integer and fraction digits and those digits
 * become the integer. A JS number is first turned into its shortest round-trip text (String(n)),
 * so 0.1 + 0.2 arrives as "0.30000000000000004" and is rejected rather than silently rounded.
 *
 * Trailing zeros past the currency's precision are accepted ("10.500" USD, "150.00" JPY) because
 * they don't change the value; a non-zero digit there is TOO_MANY_DECIMALS. Surrounding
 * whitespace in strings is ignored.
 */
export function parseMoney(
  input: unknown,
  currency: string,
  options: ParseMoneyOptions = {},
): Result<Money, MoneyError> {
  const code = parseCurrency(currency);
  if (code === null) {
    return err(moneyError('UNSUPPORTED_CURRENCY', `Currency ${String(currency)} is not supported`));
  }
  const maxMinor = options.maxMinor ?? MONEY_CEILING_MINOR;
  if (!Number.isSafeInteger(maxMinor) || maxMinor < 0) {
    throw AppError.internal(`maxMinor must be a non-negative safe integer, got ${maxMinor}`);
  }

  const text = toDecimalText(input);
  if (!text.ok) return text;
  return parseDecimalText(text.value, code, maxMinor);
}

function toDecimalText(input: unknown): Result<string, MoneyError> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return err(invalidFormat());
    if (input < 0) return err(negative());
    const text = String(input);
    // String() switches to exponent notation below 1e-6 and from 1e21; neither is a real amount.
    if (/e/i.test(text)) return err(invalidFormat());
    return ok(text);
  }
  if (typeof input === 'string') return ok(input.trim());
  return err(invalidFormat());
}

function parseDecimalText(text: string, currency: Currency, maxMinor: number): Result<Money, MoneyError> {
  const match = DECIMAL.exec(text);
  if (!match) {
    return err(NEGATIVE_DECIMAL.test(text) ? negative() : invalidFormat());
  }
  const integerDigits = match[1] ?? '';
  let fractionDigits = match[2] ?? '';

  const exponent = currencyExponent(currency);
  if (fractionDigits.length > exponent) {
    if (/[1-9]/.test(fractionDigits.slice(exponent))) {
      return err(
        moneyError(
          'TOO_MANY_DECIMALS',
          exponent === 0
            ? `${currency} amounts must be whole numbers`
            : `${currency} amounts can have at most ${exponent} decimal places`,
        ),
      );
    }
    fractionDigits = fractionDigits.slice(0, exponent);
  }

  const digits = (integerDigits + fractionDigits.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  // Number() of an integer string is exact up to 2^53 - 1 and rounds anything larger to >= 2^53,
  // so the safe-integer check below catches every overflow.
  const amountMinor = Number(digits);
  if (!Number.isSafeInteger(amountMinor)) {
    return err(moneyError('NOT_SAFE_INTEGER', 'Amount is too large'));
  }
  if (amountMinor > maxMinor) {
    const limit = formatMoneyDecimal({ amountMinor: minorUnits(maxMinor), currency });
    return err(moneyError('OVER_CEILING', `Amount cannot exceed ${limit} ${currency}`));
  }
  return ok({ amountMinor: minorUnits(amountMinor), currency });
}

function invalidFormat(): MoneyError {
  return moneyError('INVALID_FORMAT', 'Amount must be a number like 150 or 150.00');
}

function negative(): MoneyError {
  return moneyError('NEGATIVE', 'Amount cannot be negative');
}
