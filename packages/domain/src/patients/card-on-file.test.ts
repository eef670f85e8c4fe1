import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardExpiresWithin, cardValidUntil, isExpired, patientCardOnFile } from './card-on-file.ts';
import type { CardOnFile } from './card-on-file.ts';

const card = (expMonth: number, expYear: number): CardOnFile => ({
  brand: 'visa',
  last4: '4242',
  expMonth,
  expYear,
});

describe('card expiry', () => {
  it('is valid through the last instant of the expiry month (UTC)', () => {
    const march = card(3, 2027);
    expect(isExpired(march, new Date('2027-03-31T23:59:59.999Z'))).toBe(false);
    expect(isExpired(march, new Date('2027-04-01T00:00:00.000Z'))).toBe(true);
    expect(cardValidUntil(march)).toEqual(new Date('2027-04-01T00:00:00Z'));
  });

  it('rolls December over to the next year', () => {
    expect(cardValidUntil(card(12, 2026))).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(isExpired(card(12, 2026), new Date('2026-12-31T23:00:00Z'))).toBe(false);
  });

  it('does not depend on the local time zone of the timestamp', () => {
    // 2027-03-31T22:00-05:00 is already April in UTC.
    expect(isExpired(card(3, 2027), new Date('2027-03-31T22:00:00-05:00'))).toBe(true);
  });

  it('tells whether a card stops working within the next N months', () => {
    const now = new Date('2027-01-15T12:00:00Z');
    expect(cardExpiresWithin(card(1, 2027), now, 1)).toBe(true); // ends Feb 1, before Feb 15
    expect(cardExpiresWithin(card(2, 2027), now, 1)).toBe(false); // ends Mar 1, after Feb 15
    expect(cardExpiresWithin(card(2, 2027), now, 2)).toBe(true);
    expect(cardExpiresWithin(card(12, 2026), now, 1)).toBe(true); // already expired
    expect(cardExpiresWithin(card(1, 2027), now, 0)).toBe(false);
  });

  it('clamps month arithmetic at month ends', () => {
    // Jan 31 + 1 month is Feb 28; a card valid until Mar 1 is not within one month.
    expect(cardExpiresWithin(card(2, 2027), new Date('2027-01-31T00:00:00Z'), 1)).toBe(false);
    expect(cardExpiresWithin(card(1, 2027), new Date('2027-01-31T00:00:00Z'), 1)).toBe(true);
  });

  it('is monotonic: a card expiring within N months also expires within N + 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 2020, max: 2040 }),
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2040-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 24 }),
        (month, year, now, months) => {
          const c = card(month, year);
          if (cardExpiresWithin(c, now, months)) expect(cardExpiresWithin(c, now, months + 1)).toBe(true);
          if (isExpired(c, now)) expect(cardExpiresWithin(c, now, months)).toBe(true);
        },
      ),
    );
  });
});

describe('patientCardOnFile', () => {
  it('reads the card from a patient, or null when none is stored', () => {
    expect(
      patientCardOnFile({ cardBrand: 'visa', cardLast4: '4242', cardExpMonth: 3, cardExpYear: 2027 }),
    ).toEqual(card(3, 2027));
    expect(
      patientCardOnFile({ cardBrand: null, cardLast4: null, cardExpMonth: null, cardExpYear: null }),
    ).toBeNull();
  });
});
