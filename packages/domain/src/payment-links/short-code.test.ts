import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RandomSource } from '../shared/random-source.ts';
import { generateShortCode, parseShortCode, SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH } from './short-code.ts';

/** Replays a fixed byte sequence, cycling; lets tests decide exactly which bytes the generator sees. */
function sequenceSource(sequence: readonly number[]): RandomSource & { requested: number } {
  let position = 0;
  const source = {
    requested: 0,
    bytes(n: number): Uint8Array {
      source.requested += n;
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = sequence[position++ % sequence.length] ?? 0;
      return out;
    },
  };
  return source;
}

/** mulberry32: a tiny deterministic PRNG, good enough to stand in for a uniform byte source. */
function seededSource(seed: number): RandomSource {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  return { bytes: (n) => Uint8Array.from({ length: n }, next) };
}

const fcRandomSource = fc
  .array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 512 })
  .filter((bytes) => bytes.some((b) => b < 248))
  .map((bytes) => sequenceSource(bytes));

describe('short codes', () => {
  it('use a 31-symbol alphabet without look-alikes, long enough for ≥ 72 bits', () => {
    expect(SHORT_CODE_ALPHABET).toHaveLength(31);
    expect(new Set(SHORT_CODE_ALPHABET).size).toBe(31);
    expect(SHORT_CODE_ALPHABET).not.toMatch(/[ilo01A-Z]/);
    expect(SHORT_CODE_LENGTH).toBe(15);
    expect(SHORT_CODE_LENGTH * Math.log2(SHORT_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(72);
  });

  it('generates codes of the right length and alphabet from any byte stream', () => {
    fc.assert(
      fc.property(fcRandomSource, (source) => {
        const code = generateShortCode(source);
        expect(code).toHaveLength(SHORT_CODE_LENGTH);
        for (const symbol of code) expect(SHORT_CODE_ALPHABET).toContain(symbol);
        expect(parseShortCode(code)).toBe(code);
      }),
    );
  });

  it('maps each accepted byte to one symbol, 8 bytes per symbol, and skips bytes ≥ 248 (no modulo bias)', () => {
    const preimages = new Map<string, number>();
    for (let byte = 0; byte < 256; byte++) {
      // The byte under test first, then 30 ("9") forever: the first symbol shows what the byte became.
      const source: RandomSource = {
        bytes: (n) => Uint8Array.from({ length: n }, (_, i) => (i === 0 ? byte : 30)),
      };
      const first = generateShortCode(source).charAt(0);
      if (byte >= 248) {
        // Under a plain `% 31` these would fold onto "a".."h" and make them 1/8 more likely.
        expect(first).toBe('9');
      } else {
        expect(first).toBe(SHORT_CODE_ALPHABET.charAt(byte % 31));
        preimages.set(first, (preimages.get(first) ?? 0) + 1);
      }
    }
    expect(preimages.size).toBe(31);
    for (const symbol of SHORT_CODE_ALPHABET) expect(preimages.get(symbol)).toBe(8);
  });

  it('produces every symbol about equally often from a uniform (seeded) byte stream', () => {
    const codes = 20_000;
    const counts = new Map<string, number>();
    const source = seededSource(0x5eed);
    for (let i = 0; i < codes; i++) {
      for (const symbol of generateShortCode(source)) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    }
    const expected = (codes * SHORT_CODE_LENGTH) / 31;
    expect(counts.size).toBe(31);
    for (const symbol of SHORT_CODE_ALPHABET) {
      expect(Math.abs((counts.get(symbol) ?? 0) - expected) / expected).toBeLessThan(0.05);
    }
  });

  it('skips rejected bytes within a batch', () => {
    const code = generateShortCode(sequenceSource([248, 255, 1]));
    expect(code).toBe('b'.repeat(SHORT_CODE_LENGTH));
  });

  it('fails loudly instead of looping forever on a broken random source', () => {
    expect(() => generateShortCode(sequenceSource([255]))).toThrow(/too few usable bytes/);
  });

  it('parses and normalizes input', () => {
    const code = 'abcdefghjkmnpqr';
    expect(parseShortCode(code)).toBe(code);
    expect(parseShortCode('ABCDEFGHJKMNPQR')).toBe(code);
    expect(parseShortCode(`  ${code}\n`)).toBe(code);
  });

  it.each([
    ['too short', 'abcdefghjkmnpq'],
    ['too long', 'abcdefghjkmnpqrs'],
    ['contains l', 'abcdefghjklnpqr'],
    ['contains 0', 'abcdefghjk0npqr'],
    ['contains o', 'abcdefghjkonpqr'],
    ['contains 1', 'abcdefghjk1npqr'],
    ['contains i', 'abcdefghikmnpqr'],
    ['has an inner space', 'abcdefg hjkmnpq'],
    ['has a hyphen', 'abcde-fghjk-mnp'],
    ['empty', ''],
  ])('rejects a code that is %s', (_label, input) => {
    expect(parseShortCode(input)).toBeNull();
  });
});
