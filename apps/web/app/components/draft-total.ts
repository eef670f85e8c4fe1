// The generator's live total, in integer minor units like every amount the server keeps: each price
// goes through the domain's own parser (no float arithmetic), so "0.10" × 3 is exactly 30 cents and
// a price the server would refuse is reported instead of being guessed at.
import { minorToDecimalString, parseCurrency, parseMoney } from '@clinicpay/domain/money';

export type DraftItem = { name: string; price: string; quantity: string };

export type DraftTotal = {
  /** The total in minor units, counting only the lines that parse. */
  minor: number;
  /** The total as a decimal string in the currency's precision ("12.30", "1500" for JPY). */
  decimal: string;
  /** Lines (1-based) whose price or quantity can't be used yet. */
  incomplete: number[];
};

const MAX_QUANTITY = 999;

export function draftTotal(
  mode: 'amount' | 'items',
  amount: string,
  items: readonly DraftItem[],
  currency: string,
): DraftTotal {
  const code = parseCurrency(currency);
  if (!code) return { minor: 0, decimal: '0', incomplete: [] };
  const priceOf = (text: string) => {
    if (text.trim() === '') return null;
    const parsed = parseMoney(text, code);
    return parsed.ok ? parsed.value.amountMinor : null;
  };
  let minor = 0;
  const incomplete: number[] = [];
  if (mode === 'amount') {
    minor = priceOf(amount) ?? 0;
  } else {
    items.forEach((item, index) => {
      if (item.name.trim() === '' && item.price.trim() === '') return; // an empty row is ignored
      const price = priceOf(item.price);
      const quantity = /^\d+$/.test(item.quantity.trim()) ? Number(item.quantity) : NaN;
      if (price === null || !(quantity >= 1 && quantity <= MAX_QUANTITY)) {
        incomplete.push(index + 1);
        return;
      }
      minor += price * quantity;
    });
  }
  return { minor, decimal: minorToDecimalString(minor, code), incomplete };
}
