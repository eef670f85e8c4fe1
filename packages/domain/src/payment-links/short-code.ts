import type { RandomSource } from '../shared/random-source.ts';
import { AppError } from '../shared/app-error.ts';

// A short code is the whole credential for paying a link (anyone holding it can open the checkout),
// so it must be unguessable: 15 symbols from 31 give 31^15 ≈ 2^74.3 combinations, above the 72-bit
// floor. The alphabet drops i, l, o, 0 and 1, which get confused when a code is read aloud over the
// phone or retyped from an SMS, and is lower-case because some SMS clients mangle case.
export const SHORT_CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const SHORT_CODE_LENGTH = 15;

export type ShortCode = string & { readonly __brand: 'ShortCode' };

const ALPHABET_SIZE = SHORT_CODE_ALPHABET.length;
// The largest multiple of 31 that fits in a byte (248). Bytes at or above it are thrown away:
// mapping all 256 values with `% 31` would make the first 8 symbols slightly more likely.
const ACCEPT_BELOW = 256 - (256 % ALPHABET_SIZE);
// A healthy source rejects ~3% of bytes; running out of this budget means it is broken
// (e.g. a stub returning constant bytes), and looping forever would hide that.
const MAX_BATCHES = 64;

const SHORT_CODE_PATTERN = new RegExp(`^[${SHORT_CODE_ALPHABET}]{${SHORT_CODE_LENGTH}}$`);

export function generateShortCode(random: RandomSource): ShortCode {
  let code = '';
  for (let batch = 0; batch < MAX_BATCHES && code.length < SHORT_CODE_LENGTH; batch++) {
    // A few spare bytes per batch so one batch nearly always suffices.
    const bytes = random.bytes(SHORT_CODE_LENGTH + 8);
    for (const byte of bytes) {
      if (byte >= ACCEPT_BELOW) continue;
      code += SHORT_CODE_ALPHABET.charAt(byte % ALPHABET_SIZE);
      if (code.length === SHORT_CODE_LENGTH) break;
    }
  }
  if (code.length !== SHORT_CODE_LENGTH) {
    throw AppError.internal('RandomSource produced too few usable bytes for a short code');
  }
  return brand(code);
}

/**
 * Normalizes what a patient typed or a URL carried (surrounding spaces, upper-case) and checks it
 * could be a short code. Null means "not a code" — callers answer 404 either way, so malformed and
 * unknown codes are indistinguishable.
 */
export function parseShortCode(input: string): ShortCode | null {
  if (typeof input !== 'string') return null;
  const candidate = input.trim().toLowerCase();
  return SHORT_CODE_PATTERN.test(candidate) ? brand(candidate) : null;
}

function brand(code: string): ShortCode {
  return code as ShortCode;
}
