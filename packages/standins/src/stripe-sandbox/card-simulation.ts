// What the hosted checkout page does with typed card details: the checks Stripe.js runs in the browser
// (number, expiry, CVC, postal code — with Stripe's own messages) and the outcome of Stripe's test
// cards. Any other Luhn-valid number is approved, like Stripe's test mode does for most test cards.

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';

export type CardForm = {
  number: string;
  expiry: string;
  cvc: string;
  name: string;
  postalCode: string;
};

export type CardField = 'number' | 'expiry' | 'cvc' | 'name' | 'postalCode';

export type ValidCard = {
  number: string;
  brand: CardBrand;
  expMonth: number;
  expYear: number;
  name: string;
  postalCode: string;
};

export type CardValidation =
  { ok: true; card: ValidCard } | { ok: false; errors: Partial<Record<CardField, string>> };

export type CardOutcome =
  { kind: 'approved' } | { kind: 'declined'; code: 'card_declined'; declineCode: string; message: string };

export const TEST_CARDS = [
  { number: '4242 4242 4242 4242', result: 'Succeeds' },
  { number: '4000 0000 0000 0002', result: 'Declined (generic_decline)' },
  { number: '4000 0000 0000 9995', result: 'Declined (insufficient_funds)' },
] as const;

export function cardBrand(number: string): CardBrand {
  if (number.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  return 'unknown';
}

export function luhnValid(number: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let digit = Number(number[i]);
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Accepts "MM / YY", "MM/YY", "MMYY" and four-digit years. */
export function parseExpiry(text: string): { month: number; year: number } | null {
  const match = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!match?.[1] || !match[2]) return null;
  const month = Number(match[1]);
  const year = match[2].length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  return { month, year };
}

export function validateCard(form: CardForm, now: Date): CardValidation {
  const errors: Partial<Record<CardField, string>> = {};
  const number = form.number.replace(/[\s-]/g, '');
  if (number === '') errors.number = 'Your card number is incomplete.';
  else if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) errors.number = 'Your card number is invalid.';
  const brand = cardBrand(number);

  const expiry = parseExpiry(form.expiry);
  if (form.expiry.trim() === '') errors.expiry = "Your card's expiration date is incomplete.";
  else if (!expiry || expiry.month < 1 || expiry.month > 12)
    errors.expiry = "Your card's expiration date is invalid.";
  else {
    const year = now.getUTCFullYear();
    const month = now.getUTCMonth() + 1;
    if (expiry.year < year) errors.expiry = "Your card's expiration year is in the past.";
    else if (expiry.year === year && expiry.month < month)
      errors.expiry = "Your card's expiration month is in the past.";
    else if (expiry.year > year + 50) errors.expiry = "Your card's expiration year is invalid.";
  }

  const cvcLength = brand === 'amex' ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(form.cvc.trim()))
    errors.cvc = "Your card's security code is incomplete.";
  if (form.name.trim() === '') errors.name = 'Please enter the name on your card.';
  if (!/^[A-Za-z0-9 -]{3,10}$/.test(form.postalCode.trim()))
    errors.postalCode = 'Your postal code is incomplete.';

  if (Object.keys(errors).length > 0 || !expiry) return { ok: false, errors };
  return {
    ok: true,
    card: {
      number,
      brand,
      expMonth: expiry.month,
      expYear: expiry.year,
      name: form.name.trim(),
      postalCode: form.postalCode.trim(),
    },
  };
}

export function cardOutcome(number: string): CardOutcome {
  switch (number) {
    case '4000000000000002':
      return {
        kind: 'declined',
        code: 'card_declined',
        declineCode: 'generic_decline',
        message: 'Your card was declined.',
      };
    case '4000000000009995':
      return {
        kind: 'declined',
        code: 'card_declined',
        declineCode: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      };
    default:
      return { kind: 'approved' };
  }
}
