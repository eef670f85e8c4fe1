import type { Patient } from './patient.ts';

// Our copy of the card Stripe holds: enough to show "Visa •••• 4242, expires 03/27" and to warn
// before it expires. Never a card number.
export type CardOnFile = { brand: string; last4: string; expMonth: number; expYear: number };

/**
 * The first instant the card no longer works. Cards are valid through the last day of their expiry
 * month; we use UTC so the answer doesn't depend on the server's zone (card networks don't define
 * one, and a few hours either way doesn't matter for reminders).
 */
export function cardValidUntil(card: CardOnFile): Date {
  // Month index `expMonth` (0-based) is the month after the expiry month.
  return new Date(Date.UTC(card.expYear, card.expMonth, 1));
}

export function isExpired(card: CardOnFile, now: Date): boolean {
  return now.getTime() >= cardValidUntil(card).getTime();
}

/**
 * True when the card stops working at or before `now` plus `months` calendar months — including
 * when it has already expired; combine with isExpired to tell "expiring soon" from "expired".
 */
export function cardExpiresWithin(card: CardOnFile, now: Date, months: number): boolean {
  return cardValidUntil(card).getTime() <= addMonthsUtc(now, months).getTime();
}

/** Calendar months in UTC, clamping the day (Jan 31 + 1 month = Feb 28/29). */
function addMonthsUtc(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDayOfTargetMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(date.getUTCDate(), lastDayOfTargetMonth),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
}

/** The patient's stored card, or null when none has been saved. */
export function patientCardOnFile(
  patient: Pick<Patient, 'cardBrand' | 'cardLast4' | 'cardExpMonth' | 'cardExpYear'>,
): CardOnFile | null {
  const { cardBrand, cardLast4, cardExpMonth, cardExpYear } = patient;
  if (cardBrand === null || cardLast4 === null || cardExpMonth === null || cardExpYear === null) return null;
  return { brand: cardBrand, last4: cardLast4, expMonth: cardExpMonth, expYear: cardExpYear };
}
