import { describe, expect, it } from 'vitest';
import { isChannel, isE164, isValidEmail, normalizeEmail, normalizePhone } from './contact.ts';

describe('phone numbers', () => {
  it.each(['+14155550100', '+442071838750', '+8613800138000', '+1234567'])('accepts E.164 %s', (phone) => {
    expect(isE164(phone)).toBe(true);
  });

  it.each([
    '4155550100',
    '+04155550100',
    '+1 415 555 0100',
    '+123456',
    '+1234567890123456',
    '+1415555010a',
    '',
  ])('rejects %s', (phone) => {
    expect(isE164(phone)).toBe(false);
  });

  it('strips typed punctuation but never guesses a country code', () => {
    expect(normalizePhone(' +1 (415) 555-0100 ')).toBe('+14155550100');
    expect(normalizePhone('+44 20.7183.8750')).toBe('+442071838750');
    expect(normalizePhone('(415) 555-0100')).toBeNull();
  });
});

describe('email addresses', () => {
  it('normalizes case and spaces', () => {
    expect(normalizeEmail('  Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
  });

  it.each([
    'jane@example.com',
    'jane.doe+billing@clinic.co.uk',
    "o'neil@example.org",
    'x@sub.xn--p1ai',
    'a_b-c@d-e.io',
  ])('accepts %s', (email) => {
    expect(isValidEmail(email)).toBe(true);
  });

  it.each([
    'jane',
    'jane@',
    '@example.com',
    'jane@example',
    'jane@example.c',
    'jane doe@example.com',
    'jane..doe@example.com',
    '.jane@example.com',
    'jane@-example.com',
    'jane@example..com',
    'jane@example.123',
    'a@b@example.com',
    `${'x'.repeat(65)}@example.com`,
    `x@${'a'.repeat(250)}.com`,
  ])('rejects %s', (email) => {
    expect(isValidEmail(email)).toBe(false);
  });
});

describe('channels', () => {
  it('knows email and sms', () => {
    expect(isChannel('email')).toBe(true);
    expect(isChannel('sms')).toBe(true);
    expect(isChannel('fax')).toBe(false);
  });
});
