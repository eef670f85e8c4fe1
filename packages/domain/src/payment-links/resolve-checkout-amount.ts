import { parseCurrency } from '../money/currency.ts';
import { equalsMoney, formatMoneyDecimal, MONEY_CEILING_MINOR } from '../money/money.ts';
import { parseMoney } from '../money/parse-money.ts';
import { AppError } from '../shared/app-error.ts';
import type { FieldError } from '../shared/app-error.ts';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { createLineItem, lineItemsTotal, MAX_LINE_ITEMS, toLineItemRecord } from './line-item.ts';
import type { LineItem, LineItemRecord } from './line-item.ts';
import type { MinorUnits } from '../money/money.ts';
import { minorUnits } from '../money/money.ts';

export type CheckoutAmountInput = {
  /** Major units as the API received it: 150, "150.00". Null/undefined = not given. */
  amount?: unknown;
  /** Null/undefined or an empty array = not given. */
  items?: ReadonlyArray<{ name?: unknown; price?: unknown; quantity?: unknown }> | null;
  currency: string;
  /** The per-link ceiling; defaults to MONEY_CEILING_MINOR. */
  maxMinor?: number;
};

export type CheckoutAmount = { amountMinor: MinorUnits; lineItems: LineItemRecord[] };

/** A form's empty field: a plea to fill it in reads better than a format rule. */
const isBlank = (value: unknown) => value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * The API rule for how much a CHECKOUT link charges: either `amount`, or `items` (the total is
 * sum(price × quantity), computed in integer minor units), or both — in which case they must agree
 * to the cent, because a mismatch means the client's arithmetic and ours differ and silently
 * picking one would charge the patient something nobody saw. All problems are reported at once,
 * on request field names (`amount`, `items`, `items[1].price`).
 */
export function resolveCheckoutAmount(input: CheckoutAmountInput): Result<CheckoutAmount, AppError> {
  const currency = parseCurrency(input.currency);
  if (currency === null) {
    return err(AppError.validation('currency', `Currency ${String(input.currency)} is not supported`));
  }
  const maxMinor = input.maxMinor ?? MONEY_CEILING_MINOR;
  const hasAmount = input.amount !== undefined && input.amount !== null;
  const rawItems = input.items ?? [];
  const hasItems = rawItems.length > 0;

  if (!hasAmount && !hasItems) {
    return err(AppError.validation('amount', 'Provide an amount or at least one item'));
  }

  const errors: FieldError[] = [];

  let amountMinor: MinorUnits | null = null;
  if (hasAmount) {
    const parsed = parseMoney(input.amount, currency, { maxMinor });
    if (isBlank(input.amount)) errors.push({ field: 'amount', message: 'Enter an amount' });
    else if (!parsed.ok) errors.push({ field: 'amount', message: parsed.error.message });
    else if (parsed.value.amountMinor === 0)
      errors.push({ field: 'amount', message: 'Amount must be greater than 0' });
    else amountMinor = parsed.value.amountMinor;
  }

  const items: LineItem[] = [];
  if (rawItems.length > MAX_LINE_ITEMS) {
    errors.push({ field: 'items', message: `At most ${MAX_LINE_ITEMS} items are allowed` });
  } else {
    rawItems.forEach((raw, index) => {
      const path = `items[${index}]`;
      if (typeof raw !== 'object' || raw === null) {
        errors.push({ field: path, message: 'Item must be an object with name, price and quantity' });
        return;
      }
      const price = parseMoney(raw.price, currency, { maxMinor });
      if (!price.ok) {
        errors.push({
          field: `${path}.price`,
          message: isBlank(raw.price) ? 'Enter a price' : price.error.message,
        });
      }
      const item = createLineItem(
        {
          name: raw.name,
          // A placeholder that passes the price check, so name/quantity errors are still collected.
          unitAmount: price.ok ? price.value : { amountMinor: minorUnits(1), currency },
          quantity: raw.quantity,
        },
        { path, unitAmountField: 'price' },
      );
      if (!item.ok) errors.push(...item.error.fieldErrors);
      else if (price.ok) items.push(item.value);
    });
  }

  if (errors.length > 0) return err(AppError.validationErrors(errors));

  if (!hasItems) {
    if (amountMinor === null) throw AppError.internal('amount parsed without errors but has no value');
    return ok({ amountMinor, lineItems: [] });
  }

  const total = lineItemsTotal(items, currency);
  if (total.amountMinor > maxMinor) {
    const limit = formatMoneyDecimal({ amountMinor: minorUnits(maxMinor), currency });
    return err(AppError.validation('items', `The items total cannot exceed ${limit} ${currency}`));
  }
  if (amountMinor !== null && !equalsMoney(total, { amountMinor, currency })) {
    const given = formatMoneyDecimal({ amountMinor, currency });
    const computed = formatMoneyDecimal(total);
    const message = `Amount ${given} does not match the items total ${computed}`;
    return err(
      AppError.validationErrors(
        [
          { field: 'amount', message },
          { field: 'items', message },
        ],
        message,
      ),
    );
  }
  return ok({ amountMinor: total.amountMinor, lineItems: items.map(toLineItemRecord) });
}
