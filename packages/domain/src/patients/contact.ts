export const Channel = { EMAIL: 'email', SMS: 'sms' } as const;
export type Channel = (typeof Channel)[keyof typeof Channel];

export const CHANNELS: readonly Channel[] = ['email', 'sms'];

export function isChannel(value: unknown): value is Channel {
  return value === 'email' || value === 'sms';
}

// E.164 is what Twilio requires: "+", a country code that never starts with 0, at most 15 digits.
const E164 = /^\+[1-9]\d{6,14}$/;

export function isE164(phone: string): boolean {
  return E164.test(phone);
}

/**
 * Strips the punctuation people type ("+1 (415) 555-0100") and returns E.164, or null. It never
 * guesses a country code: a number without "+" is rejected rather than assumed to be American.
 */
export function normalizePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s().-]/g, '');
  return isE164(compact) ? compact : null;
}

/**
 * Lower-cases the whole address. RFC 5321 lets the local part be case-sensitive, but no mainstream
 * mailbox provider treats it so, and one canonical form prevents duplicate patients and users.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Pragmatic, not RFC 5322: dot-atom local part, LDH domain labels, an alphabetic (or punycode) TLD.
// Quoted local parts and IP-literal domains are legal but only ever seen in typos and attacks.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL_LABEL = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/** Checks the address as given; normalize it first if it came from a person. */
export function isValidEmail(email: string): boolean {
  if (email.length > 254) return false;
  const at = email.lastIndexOf('@');
  if (at <= 0) return false;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  const topLevel = labels[labels.length - 1] ?? '';
  return labels.every((label) => DOMAIN_LABEL.test(label)) && TOP_LEVEL_LABEL.test(topLevel);
}
