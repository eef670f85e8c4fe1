import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoneyDecimal } from '../money/money.ts';
import { resolveCheckoutAmount } from './resolve-checkout-amount.ts';
import type { CheckoutAmountInput } from './resolve-checkout-amount.ts';
import { minorUnits } from '../money/money.ts';

function resolved(input: CheckoutAmountInput) {
  const result = resolveCheckoutAmount(input);
  if (!result.ok) throw new Error(`expected success: ${JSON.stringify(result.error.fieldErrors)}`);
  return result.value;
}

function fieldErrors(input: CheckoutAmountInput): string[] {
  const result = resolveCheckoutAmount(input);
  if (result.ok) throw new Error(`expected failure, got ${result.value.amountMinor}`);
  expect(result.error.code).toBe('VALIDATION');
  return result.error.fieldErrors.map((e) => e.field);
}

describe('resolveCheckoutAmount', () => {
  it('accepts matching amount and items: 100.00 + 50.00 with amount 150 → 15000', () => {
    expect(
      resolved({
        amount: 150,
        items: [
          { name: 'Exam', price: '100.00', quantity: 1 },
          { name: 'X-ray', price: 50, quantity: 1 },
        ],
        currency: 'USD',
      }),
    ).toEqual({
      amountMinor: 15_000,
      lineItems: [
        { name: 'Exam', unitAmountMinor: 10_000, quantity: 1 },
        { name: 'X-ray', unitAmountMinor: 5_000, quantity: 1 },
      ],
    });
  });

  it('rejects a mismatch with errors on both amount and items', () => {
    const result = resolveCheckoutAmount({
      amount: '149.99',
      items: [
        { name: 'Exam', price: '100.00', quantity: 1 },
        { name: 'X-ray', price: '50.00', quantity: 1 },
      ],
      currency: 'USD',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.fieldErrors.map((e) => e.field)).toEqual(['amount', 'items']);
    expect(result.error.message).toBe('Amount 149.99 does not match the items total 150.00');
  });

  it('derives the amount from items alone', () => {
    expect(
      resolved({ items: [{ name: 'Filling', price: '75.25', quantity: 2 }], currency: 'USD' }).amountMinor,
    ).toBe(15_050);
  });

  it('takes the amount alone, with no line items', () => {
    expect(resolved({ amount: '150.00', currency: 'USD' })).toEqual({ amountMinor: 15_000, lineItems: [] });
    expect(resolved({ amount: 150, items: [], currency: 'USD' })).toEqual({
      amountMinor: 15_000,
      lineItems: [],
    });
    expect(resolved({ amount: 150, items: null, currency: 'usd' }).amountMinor).toBe(15_000);
  });

  it('does not fall into the float trap: 0.1 × 3 is exactly 30 cents', () => {
    expect(
      resolved({ items: [{ name: 'Gauze', price: 0.1, quantity: 3 }], currency: 'USD' }).amountMinor,
    ).toBe(30);
    expect(
      resolved({ amount: 0.3, items: [{ name: 'Gauze', price: 0.1, quantity: 3 }], currency: 'USD' })
        .amountMinor,
    ).toBe(30);
    expect(
      resolved({
        items: [
          { name: 'A', price: 0.1, quantity: 3 },
          { name: 'B', price: 0.2, quantity: 1 },
        ],
        currency: 'USD',
      }).amountMinor,
    ).toBe(50);
  });

  it('requires an amount or items', () => {
    expect(fieldErrors({ currency: 'USD' })).toEqual(['amount']);
    expect(fieldErrors({ amount: null, items: [], currency: 'USD' })).toEqual(['amount']);
  });

  it('names the failing item field and reports everything at once', () => {
    expect(
      fieldErrors({
        amount: 'ten',
        items: [
          { name: 'Ok', price: '1.00', quantity: 1 },
          { name: '', price: '10.005', quantity: 0 },
          { name: 'Zero', price: 0, quantity: 1 },
        ],
        currency: 'USD',
      }),
    ).toEqual(['amount', 'items[1].price', 'items[1].name', 'items[1].quantity', 'items[2].price']);
  });

  it('asks for a blank amount or price in words, at its field (a form left empty)', () => {
    const result = resolveCheckoutAmount({ items: [{ name: '', price: ' ', quantity: 1 }], currency: 'USD' });
    expect(result.ok ? [] : result.error.fieldErrors).toEqual([
      { field: 'items[0].price', message: 'Enter a price' },
      { field: 'items[0].name', message: 'Item name is required' },
    ]);
    const amount = resolveCheckoutAmount({ amount: '', currency: 'USD' });
    expect(amount.ok ? [] : amount.error.fieldErrors).toEqual([
      { field: 'amount', message: 'Enter an amount' },
    ]);
  });

  it('rejects a zero amount, a total over the ceiling and an unknown currency', () => {
    expect(fieldErrors({ amount: 0, currency: 'USD' })).toEqual(['amount']);
    expect(
      fieldErrors({ items: [{ name: 'Implant', price: '500000.00', quantity: 2 }], currency: 'USD' }),
    ).toEqual(['items']);
    expect(fieldErrors({ amount: 10, currency: 'XYZ' })).toEqual(['currency']);
  });

  it('rejects non-object items and more than 100 items', () => {
    const notAnObject = [null] as unknown as CheckoutAmountInput['items'];
    expect(fieldErrors({ items: notAnObject, currency: 'USD' })).toEqual(['items[0]']);
    const many = Array.from({ length: 101 }, () => ({ name: 'X', price: 1, quantity: 1 }));
    expect(fieldErrors({ items: many, currency: 'USD' })).toEqual(['items']);
  });

  it('respects zero-decimal currencies', () => {
    expect(
      resolved({ items: [{ name: 'Visit', price: 5000, quantity: 2 }], currency: 'JPY' }).amountMinor,
    ).toBe(10_000);
    expect(fieldErrors({ items: [{ name: 'Visit', price: '50.5', quantity: 1 }], currency: 'JPY' })).toEqual([
      'items[0].price',
    ]);
  });

  it('always equals the integer sum of price × quantity, and agrees with an amount written from it', () => {
    const itemArb = fc.record({
      priceMinor: fc.integer({ min: 1, max: 100_000 }),
      quantity: fc.integer({ min: 1, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(itemArb, { minLength: 1, maxLength: 20 }), (items) => {
        const expected = items.reduce((acc, i) => acc + i.priceMinor * i.quantity, 0);
        const input = {
          items: items.map((i, n) => ({
            name: `Item ${n}`,
            price: Number(formatMoneyDecimal({ amountMinor: minorUnits(i.priceMinor), currency: 'USD' })),
            quantity: i.quantity,
          })),
          currency: 'USD',
        };
        expect(resolved(input).amountMinor).toBe(expected);
        const amount = formatMoneyDecimal({ amountMinor: minorUnits(expected), currency: 'USD' });
        expect(resolved({ ...input, amount }).amountMinor).toBe(expected);
      }),
    );
  });
});
