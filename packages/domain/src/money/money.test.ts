import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/app-error.ts';
import { currencyExponent, isSupportedCurrency, parseCurrency, SUPPORTED_CURRENCIES } from './currency.ts';
import type { Currency } from './currency.ts';
import {
  addMoney,
  equalsMoney,
  formatMoneyDecimal,
  isZero,
  money,
  MONEY_CEILING_MINOR,
  multiplyMoney,
  sumMoney,
  toDecimalNumber,
  tryMoney,
} from './money.ts';
import type { Money } from './money.ts';
import { parseMoney } from './parse-money.ts';
import { addMinor, minorUnits, multiplyMinor, subtractMinor, sumMinor, tryMinorUnits } from './money.ts';

const currencyArb = fc.constantFrom(...SUPPORTED_CURRENCIES);
const moneyArb = fc.record({
  amountMinor: fc.integer({ min: 0, max: MONEY_CEILING_MINOR }).map(minorUnits),
  currency: currencyArb,
});

function parsed(input: unknown, currency: Currency = 'USD'): number {
  const result = parseMoney(input, currency);
  if (!result.ok) throw new Error(`expected ${String(input)} to parse: ${result.error.message}`);
  return result.value.amountMinor;
}

function rejection(input: unknown, currency: Currency = 'USD', maxMinor?: number): string {
  const result = parseMoney(input, currency, maxMinor === undefined ? {} : { maxMinor });
  if (result.ok) throw new Error(`expected ${String(input)} to be rejected, got ${result.value.amountMinor}`);
  return result.error.reason;
}

describe('currency', () => {
  it('knows the exponents', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('CHF')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
  });

  it('is strict in isSupportedCurrency and lenient in parseCurrency', () => {
    expect(isSupportedCurrency('USD')).toBe(true);
    expect(isSupportedCurrency('usd')).toBe(false);
    expect(isSupportedCurrency('XXX')).toBe(false);
    expect(isSupportedCurrency('toString')).toBe(false);
    expect(parseCurrency(' usd ')).toBe('USD');
    expect(parseCurrency('xyz')).toBeNull();
    expect(parseCurrency(840)).toBeNull();
  });
});

describe('parseMoney', () => {
  it('parses decimal strings exactly', () => {
    expect(parsed('150')).toBe(15000);
    expect(parsed('150.00')).toBe(15000);
    expect(parsed('150.1')).toBe(15010);
    expect(parsed('0.05')).toBe(5);
    expect(parsed('0')).toBe(0);
    expect(parsed(' 12.34 ')).toBe(1234);
    expect(parsed('999999.99')).toBe(MONEY_CEILING_MINOR);
    expect(parsed('1500', 'JPY')).toBe(1500);
  });

  it('parses JS numbers through their shortest decimal text', () => {
    expect(parsed(150)).toBe(15000);
    expect(parsed(0.05)).toBe(5);
    expect(parsed(19.99)).toBe(1999);
    expect(parsed(1.15)).toBe(115); // 1.15 * 100 = 114.99999999999999 in floating point
    expect(parsed(4.35)).toBe(435); // 4.35 * 100 = 434.99999999999994
    expect(parsed(-0)).toBe(0);
  });

  it('accepts trailing zeros beyond the currency precision, since they do not change the value', () => {
    expect(parsed('10.500')).toBe(1050);
    expect(parsed('150.00', 'JPY')).toBe(150);
  });

  it.each([
    ['-1', 'NEGATIVE'],
    ['-0.01', 'NEGATIVE'],
    [-5, 'NEGATIVE'],
    ['abc', 'INVALID_FORMAT'],
    ['', 'INVALID_FORMAT'],
    [' ', 'INVALID_FORMAT'],
    ['1.', 'INVALID_FORMAT'],
    ['.5', 'INVALID_FORMAT'],
    ['+1', 'INVALID_FORMAT'],
    ['1,000.00', 'INVALID_FORMAT'],
    ['1e3', 'INVALID_FORMAT'],
    ['0x10', 'INVALID_FORMAT'],
    ['1 000', 'INVALID_FORMAT'],
    ['١٢', 'INVALID_FORMAT'], // Arabic-Indic digits
    [Number.NaN, 'INVALID_FORMAT'],
    [Number.POSITIVE_INFINITY, 'INVALID_FORMAT'],
    [Number.NEGATIVE_INFINITY, 'INVALID_FORMAT'],
    [1e21, 'INVALID_FORMAT'],
    [1e-7, 'INVALID_FORMAT'],
    [null, 'INVALID_FORMAT'],
    [undefined, 'INVALID_FORMAT'],
    [true, 'INVALID_FORMAT'],
    [{}, 'INVALID_FORMAT'],
    [10n, 'INVALID_FORMAT'],
    ['10.005', 'TOO_MANY_DECIMALS'],
    [10.005, 'TOO_MANY_DECIMALS'],
    [0.1 + 0.2, 'TOO_MANY_DECIMALS'],
    ['1000000.00', 'OVER_CEILING'],
    [1_000_000, 'OVER_CEILING'],
    ['99999999999999999999', 'NOT_SAFE_INTEGER'],
  ])('rejects %s as %s (USD)', (input, reason) => {
    expect(rejection(input)).toBe(reason);
  });

  it('rejects fractions for zero-decimal currencies', () => {
    expect(rejection('10.5', 'JPY')).toBe('TOO_MANY_DECIMALS');
    expect(rejection(10.5, 'KRW')).toBe('TOO_MANY_DECIMALS');
  });

  it('rejects unsupported currencies', () => {
    expect(parseMoney('10', 'XYZ')).toMatchObject({ ok: false, error: { reason: 'UNSUPPORTED_CURRENCY' } });
  });

  it('honours a custom ceiling and says what it is', () => {
    expect(rejection('50.01', 'USD', 5000)).toBe('OVER_CEILING');
    expect(parseMoney('50.01', 'USD', { maxMinor: 5000 })).toMatchObject({
      error: { message: 'Amount cannot exceed 50.00 USD' },
    });
    expect(parseMoney('50.00', 'USD', { maxMinor: 5000 }).ok).toBe(true);
  });

  it('round-trips through formatMoneyDecimal for every amount and currency', () => {
    fc.assert(
      fc.property(moneyArb, (m) => {
        const result = parseMoney(formatMoneyDecimal(m), m.currency);
        expect(result).toEqual({ ok: true, value: m });
      }),
    );
  });

  it('round-trips through toDecimalNumber (the JSON number form)', () => {
    fc.assert(
      fc.property(moneyArb, (m) => {
        expect(parseMoney(toDecimalNumber(m), m.currency)).toEqual({ ok: true, value: m });
      }),
    );
  });

  it('equals the integer arithmetic value of random digit strings', () => {
    fc.assert(
      fc.property(
        currencyArb,
        fc.integer({ min: 0, max: 999_999 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 }),
        (currency, integerPart, fractionDigits) => {
          const exponent = currencyExponent(currency);
          const fraction = fractionDigits.slice(0, exponent);
          const text = fraction.length > 0 ? `${integerPart}.${fraction.join('')}` : String(integerPart);
          let fractionMinor = 0;
          for (let i = 0; i < exponent; i++) fractionMinor = fractionMinor * 10 + (fraction[i] ?? 0);
          const expected = integerPart * 10 ** exponent + fractionMinor;
          const result = parseMoney(text, currency, { maxMinor: Number.MAX_SAFE_INTEGER });
          expect(result).toEqual({ ok: true, value: { amountMinor: expected, currency } });
        },
      ),
    );
  });

  it('never rounds a JS number: an accepted number reads back as the same number', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e7, noNaN: true }), (n) => {
        const result = parseMoney(n, 'USD', { maxMinor: Number.MAX_SAFE_INTEGER });
        if (result.ok) expect(toDecimalNumber(result.value)).toBe(n);
        else expect(result.error.reason).toMatch(/TOO_MANY_DECIMALS|INVALID_FORMAT/);
      }),
    );
  });
});

describe('formatMoneyDecimal / toDecimalNumber', () => {
  it('writes exactly the currency exponent of decimals', () => {
    expect(formatMoneyDecimal(money(15000, 'USD'))).toBe('150.00');
    expect(formatMoneyDecimal(money(5, 'USD'))).toBe('0.05');
    expect(formatMoneyDecimal(money(0, 'EUR'))).toBe('0.00');
    expect(formatMoneyDecimal(money(1500, 'JPY'))).toBe('1500');
    expect(toDecimalNumber(money(15000, 'USD'))).toBe(150);
    expect(toDecimalNumber(money(1999, 'USD'))).toBe(19.99);
  });
});

describe('money arithmetic', () => {
  it('validates in money() and tryMoney()', () => {
    expect(() => money(1.5, 'USD')).toThrow(AppError);
    expect(() => money(-1, 'USD')).toThrow(AppError);
    expect(() => money(1, 'XYZ')).toThrow(AppError);
    expect(tryMoney(Number.MAX_SAFE_INTEGER + 1, 'USD')).toMatchObject({
      error: { reason: 'NOT_SAFE_INTEGER' },
    });
    expect(tryMoney(100, 'usd')).toEqual({ ok: true, value: { amountMinor: 100, currency: 'USD' } });
  });

  it('sums 0.10 × 3 + 0.20 to exactly 0.50', () => {
    const dime = money(parsed('0.10'), 'USD');
    const total = sumMoney([multiplyMoney(dime, 3), money(parsed(0.2), 'USD')], 'USD');
    expect(total).toEqual({ amountMinor: 50, currency: 'USD' });
    expect(formatMoneyDecimal(total)).toBe('0.50');
  });

  it('sumMoney of random lists equals the integer sum (never loses a cent)', () => {
    fc.assert(
      fc.property(
        currencyArb,
        fc.array(fc.integer({ min: 0, max: MONEY_CEILING_MINOR })),
        (currency, amounts) => {
          const list: Money[] = amounts.map((a) => money(a, currency));
          const expected = amounts.reduce((acc, a) => acc + a, 0);
          expect(sumMoney(list, currency)).toEqual({ amountMinor: expected, currency });
        },
      ),
    );
  });

  it('sums amounts parsed from decimal text exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 50 }), (cents) => {
        const list = cents.map((c) => money(parsed(formatMoneyDecimal(money(c, 'USD'))), 'USD'));
        expect(sumMoney(list, 'USD').amountMinor).toBe(cents.reduce((acc, c) => acc + c, 0));
      }),
    );
  });

  it('throws on mixed currencies', () => {
    expect(() => sumMoney([money(1, 'USD'), money(1, 'EUR')], 'USD')).toThrow(/Cannot combine/);
    expect(() => addMoney(money(1, 'USD'), money(1, 'CAD'))).toThrow(AppError);
    expect(() => sumMoney([money(1, 'EUR')], 'USD')).toThrow(AppError);
  });

  it('multiplies by integer quantities only and refuses overflow', () => {
    expect(multiplyMoney(money(1999, 'USD'), 3)).toEqual({ amountMinor: 5997, currency: 'USD' });
    expect(() => multiplyMoney(money(1999, 'USD'), 1.5)).toThrow(AppError);
    expect(() => multiplyMoney(money(1999, 'USD'), -1)).toThrow(AppError);
    expect(() => multiplyMoney(money(Number.MAX_SAFE_INTEGER, 'USD'), 2)).toThrow(/overflowed/);
  });

  it('compares and detects zero', () => {
    expect(equalsMoney(money(100, 'USD'), money(100, 'USD'))).toBe(true);
    expect(equalsMoney(money(100, 'USD'), money(100, 'CAD'))).toBe(false);
    expect(equalsMoney(money(100, 'USD'), money(101, 'USD'))).toBe(false);
    expect(isZero(money(0, 'JPY'))).toBe(true);
    expect(isZero(money(1, 'JPY'))).toBe(false);
  });
});

describe('MinorUnits', () => {
  it('accepts whole, non-negative amounts and refuses the rest, naming the problem', () => {
    expect(minorUnits(0)).toBe(0);
    expect(minorUnits(MONEY_CEILING_MINOR)).toBe(MONEY_CEILING_MINOR);
    expect(tryMinorUnits(-1)).toMatchObject({ ok: false, error: { reason: 'NEGATIVE' } });
    expect(tryMinorUnits(1.5)).toMatchObject({ ok: false, error: { reason: 'NOT_SAFE_INTEGER' } });
    expect(tryMinorUnits(Number.MAX_SAFE_INTEGER + 1)).toMatchObject({ ok: false });
    expect(() => minorUnits(Number.NaN)).toThrow(/whole number/);
  });

  it('adds, subtracts, multiplies and sums with checks', () => {
    const a = minorUnits(1_500);
    const b = minorUnits(250);
    expect(addMinor(a, b)).toBe(1_750);
    expect(subtractMinor(a, b)).toBe(1_250);
    expect(multiplyMinor(b, 3)).toBe(750);
    expect(sumMinor([a, b, b])).toBe(2_000);
    expect(sumMinor([])).toBe(0);
    expect(() => subtractMinor(b, a)).toThrow(/below zero/);
    expect(() => multiplyMinor(b, 1.5)).toThrow(/Quantity/);
    expect(() => addMinor(minorUnits(Number.MAX_SAFE_INTEGER), b)).toThrow(/overflowed/);
  });
});
