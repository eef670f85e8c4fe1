import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSmsSegments } from './sms-segments.ts';

describe('countSmsSegments', () => {
  it('counts an empty body as one GSM-7 segment (a sent message always costs one)', () => {
    expect(countSmsSegments('')).toEqual({ encoding: 'GSM-7', segments: 1, units: 0 });
  });

  it('fits exactly 160 GSM-7 characters in one segment and splits at 161', () => {
    expect(countSmsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSmsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2, units: 161 });
    expect(countSmsSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSmsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('treats the whole GSM 03.38 basic set as one septet each', () => {
    const basic = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà';
    expect(countSmsSegments(basic)).toEqual({ encoding: 'GSM-7', segments: 1, units: [...basic].length });
  });

  it('counts extension characters, including €, as two septets', () => {
    expect(countSmsSegments('€')).toEqual({ encoding: 'GSM-7', segments: 1, units: 2 });
    expect(countSmsSegments('^{}\\[~]|€\f').units).toBe(20);
    expect(countSmsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSmsSegments(`${'€'.repeat(80)}a`).segments).toBe(2);
  });

  it('never splits an escape sequence across parts', () => {
    // 306 septets would fit in ceil(306 / 153) = 2 parts, but the € cannot straddle parts 1 and 2.
    const body = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expect(countSmsSegments(body)).toEqual({ encoding: 'GSM-7', segments: 3, units: 306 });
  });

  it('switches the whole message to UCS-2 for one non-GSM character', () => {
    expect(countSmsSegments(`${'a'.repeat(69)}ń`)).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(countSmsSegments(`${'a'.repeat(70)}ń`)).toEqual({ encoding: 'UCS-2', segments: 2, units: 71 });
    expect(countSmsSegments('Don’t').encoding).toBe('UCS-2');
  });

  it('counts emoji in UTF-16 code units and does not split a surrogate pair', () => {
    expect(countSmsSegments('👍')).toEqual({ encoding: 'UCS-2', segments: 1, units: 2 });
    expect(countSmsSegments('👍'.repeat(35))).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(countSmsSegments('👍'.repeat(36))).toEqual({ encoding: 'UCS-2', segments: 2, units: 72 });
    // 134 units would fit in ceil(134 / 67) = 2 parts, but the pair cannot straddle parts 1 and 2.
    expect(countSmsSegments(`${'ń'.repeat(66)}👍${'ń'.repeat(66)}`).segments).toBe(3);
  });

  it('in UCS-2, extension characters cost one unit like any other', () => {
    expect(countSmsSegments('€👍')).toEqual({ encoding: 'UCS-2', segments: 1, units: 3 });
  });

  it('never reports fewer parts than units / capacity', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (body) => {
        const { encoding, segments, units } = countSmsSegments(body);
        const single = encoding === 'GSM-7' ? 160 : 70;
        const multipart = encoding === 'GSM-7' ? 153 : 67;
        expect(segments).toBeGreaterThanOrEqual(units <= single ? 1 : Math.ceil(units / multipart));
        if (encoding === 'UCS-2') expect(units).toBe(body.length);
      }),
    );
  });
});
