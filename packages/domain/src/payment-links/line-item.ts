import type { Currency } from '../money/currency.ts';
import { multiplyMoney, sumMoney } from '../money/money.ts';
import type { Money } from '../money/money.ts';
import { AppError } from '../shared/app-error.ts';
import type { FieldError } from '../shared/app-error.ts';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import type { MinorUnits } from '../money/money.ts';
import { multiplyMinor, sumMinor } from '../money/money.ts';

export const LINE_ITEM_NAME_MAX_LENGTH = 250;
export const LINE_ITEM_QUANTITY_MAX = 9999;
/** Stripe Checkout accepts at most 100 line items per session. */
export const MAX_LINE_ITEMS = 100;

export type LineItem = { name: string; unitAmount: Money; quantity: number };

/** How a line item is stored on a link (a JSON column) and sent to the payment gateway. */
export type LineItemRecord = { name: string; unitAmountMinor: MinorUnits; quantity: number };

export type LineItemFieldOptions = {
  /** Prefix for field names in errors, e.g. "items[2]" gives "items[2].name". */
  path?: string;
  /** What the request calls the unit amount (the API says "price"). */
  unitAmountField?: string;
};

export function createLineItem(
  input: { name: unknown; unitAmount: Money; quantity: unknown },
  options: LineItemFieldOptions = {},
): Result<LineItem, AppError> {
  const field = (name: string): string => (options.path ? `${options.path}.${name}` : name);
  const errors: FieldError[] = [];

  const name = typeof input.name === 'string' ? input.name.trim() : '';
  // Counted in code points so an accented or emoji name isn't cut short by UTF-16 surrogates.
  const nameLength = [...name].length;
  if (nameLength === 0) {
    errors.push({ field: field('name'), message: 'Item name is required' });
  } else if (nameLength > LINE_ITEM_NAME_MAX_LENGTH) {
    errors.push({
      field: field('name'),
      message: `Item name must be at most ${LINE_ITEM_NAME_MAX_LENGTH} characters`,
    });
  }

  // Zero-priced items are refused: they add nothing to the charge, and a $0 line on a patient's
  // receipt is more often a mistake than an intent.
  if (input.unitAmount.amountMinor <= 0) {
    errors.push({
      field: field(options.unitAmountField ?? 'unitAmount'),
      message: 'Price must be greater than 0',
    });
  }

  const quantity = isValidQuantity(input.quantity) ? input.quantity : null;
  if (quantity === null) {
    errors.push({
      field: field('quantity'),
      message: `Quantity must be a whole number from 1 to ${LINE_ITEM_QUANTITY_MAX}`,
    });
  }

  if (errors.length > 0 || quantity === null) return err(AppError.validationErrors(errors));
  return ok({ name, unitAmount: input.unitAmount, quantity });
}

// Numbers only: quantities come from JSON, and accepting "3" would invite "3.0" and "three".
function isValidQuantity(value: unknown): value is number {
  return (
    typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= LINE_ITEM_QUANTITY_MAX
  );
}

export function lineItemTotal(item: LineItem): Money {
  return multiplyMoney(item.unitAmount, item.quantity);
}

/** Throws (INTERNAL) if an item is in another currency: see the note on sumMoney. */
export function lineItemsTotal(items: readonly LineItem[], currency: Currency): Money {
  return sumMoney(items.map(lineItemTotal), currency);
}

export function toLineItemRecord(item: LineItem): LineItemRecord {
  return { name: item.name, unitAmountMinor: item.unitAmount.amountMinor, quantity: item.quantity };
}

export function lineItemRecordsTotalMinor(records: readonly LineItemRecord[]): MinorUnits {
  return sumMinor(records.map((record) => multiplyMinor(record.unitAmountMinor, record.quantity)));
}
