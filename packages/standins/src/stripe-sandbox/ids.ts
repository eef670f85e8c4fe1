// Stripe-looking identifiers. Lengths follow real ones (`cus_` + 14, `pi_` + 24, `cs_test_` + 58) so
// that column sizes and log parsing tested against the sandbox also hold in production.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 62 does not divide 256, so the first few characters are marginally likelier; irrelevant for ids.
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

export type IdKind =
  | 'customer'
  | 'payment_session'
  | 'setup_session'
  | 'payment_intent'
  | 'setup_intent'
  | 'payment_method'
  | 'charge'
  | 'refund'
  | 'event'
  | 'line_item'
  | 'product'
  | 'price'
  | 'request';

export function newId(kind: IdKind): string {
  switch (kind) {
    case 'customer':
      return `cus_${randomAlphanumeric(14)}`;
    case 'payment_session':
      return `cs_test_a1${randomAlphanumeric(56)}`;
    case 'setup_session':
      return `cs_test_c1${randomAlphanumeric(56)}`;
    case 'payment_intent':
      return `pi_3${randomAlphanumeric(23)}`;
    case 'setup_intent':
      return `seti_1${randomAlphanumeric(23)}`;
    case 'payment_method':
      return `pm_1${randomAlphanumeric(23)}`;
    case 'charge':
      return `ch_3${randomAlphanumeric(23)}`;
    case 'refund':
      return `re_3${randomAlphanumeric(23)}`;
    case 'event':
      return `evt_1${randomAlphanumeric(23)}`;
    case 'line_item':
      return `li_1${randomAlphanumeric(23)}`;
    case 'product':
      return `prod_${randomAlphanumeric(14)}`;
    case 'price':
      return `price_1${randomAlphanumeric(23)}`;
    case 'request':
      return `req_${randomAlphanumeric(14)}`;
  }
}

/** Client secrets are `<id>_secret_<random>` for intents. */
export function clientSecret(intentId: string): string {
  return `${intentId}_secret_${randomAlphanumeric(25)}`;
}
