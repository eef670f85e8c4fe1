import { describe, expect, it } from 'vitest';
import { money } from '../money/money.ts';
import {
  createLineItem,
  lineItemRecordsTotalMinor,
  lineItemsTotal,
  lineItemTotal,
  toLineItemRecord,
} from './line-item.ts';
import type { LineItem } from './line-item.ts';

function item(name: string, amountMinor: number, quantity: number): LineItem {
  const result = createLineItem({ name, unitAmount: money(amountMinor, 'USD'), quantity });
  if (!result.ok) throw result.error;
  return result.value;
}

describe('createLineItem', () => {
  it('trims the name and keeps the amount and quantity', () => {
    expect(item('  Cleaning  ', 5000, 2)).toEqual({
      name: 'Cleaning',
      unitAmount: money(5000, 'USD'),
      quantity: 2,
    });
  });

  it('reports every invalid field, prefixed with the path', () => {
    const result = createLineItem(
      { name: '   ', unitAmount: money(0, 'USD'), quantity: 0 },
      { path: 'items[1]', unitAmountField: 'price' },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.fieldErrors.map((e) => e.field)).toEqual([
      'items[1].name',
      'items[1].price',
      'items[1].quantity',
    ]);
  });

  it.each([
    ['a fractional quantity', 1.5],
    ['a quantity over 9999', 10_000],
    ['a string quantity', '3'],
    ['a missing quantity', undefined],
  ])('rejects %s', (_label, quantity) => {
    const result = createLineItem({ name: 'X', unitAmount: money(100, 'USD'), quantity });
    expect(result).toMatchObject({ ok: false, error: { fieldErrors: [{ field: 'quantity' }] } });
  });

  it('accepts names up to 250 characters (code points) and rejects longer ones', () => {
    expect(createLineItem({ name: 'é'.repeat(250), unitAmount: money(1, 'USD'), quantity: 1 }).ok).toBe(true);
    expect(createLineItem({ name: '😀'.repeat(250), unitAmount: money(1, 'USD'), quantity: 1 }).ok).toBe(
      true,
    );
    expect(createLineItem({ name: 'x'.repeat(251), unitAmount: money(1, 'USD'), quantity: 1 })).toMatchObject(
      {
        ok: false,
        error: { fieldErrors: [{ field: 'name' }] },
      },
    );
    expect(createLineItem({ name: 42, unitAmount: money(1, 'USD'), quantity: 1 }).ok).toBe(false);
  });

  it('accepts the quantity bounds', () => {
    expect(createLineItem({ name: 'X', unitAmount: money(1, 'USD'), quantity: 1 }).ok).toBe(true);
    expect(createLineItem({ name: 'X', unitAmount: money(1, 'USD'), quantity: 9999 }).ok).toBe(true);
  });
});

describe('line item totals', () => {
  it('multiplies and sums in minor units', () => {
    const items = [item('Exam', 10_000, 1), item('X-ray', 2_500, 2)];
    expect(lineItemTotal(items[1] ?? item('none', 1, 1))).toEqual(money(5_000, 'USD'));
    expect(lineItemsTotal(items, 'USD')).toEqual(money(15_000, 'USD'));
    expect(lineItemsTotal([], 'USD')).toEqual(money(0, 'USD'));
    expect(lineItemRecordsTotalMinor(items.map(toLineItemRecord))).toBe(15_000);
  });
});
