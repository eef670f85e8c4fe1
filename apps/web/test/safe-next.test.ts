// Where sign-in may send a browser afterwards: only our own pages, whatever the `next=` value says.
// The list is the known open-redirect bypasses; each is judged the way a browser would read the
// Location header we send.
import { describe, expect, it } from 'vitest';
import { safeNext } from '../app/safe-next.ts';

const BASE = 'https://pay.riverside.example';

/** What a browser does with our Location header: strips tabs and newlines, then resolves it. */
function whereABrowserGoes(location: string): URL {
  return new URL(location.replace(/[\t\n\r]/g, ''), `${BASE}/sign-in`);
}

const HOSTILE = [
  // Backslashes: browsers read "\" as "/" in http(s) URLs.
  '/\\evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  '/\\/evil.example',
  '/\\\\evil.example',
  '/./\\evil.example',
  // Tabs, newlines and carriage returns are stripped by browsers, decoded or raw.
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '\t//evil.example',
  '/%09/evil.example',
  '/%0a/evil.example',
  '/%0d%0a/evil.example',
  decodeURIComponent('/%09/evil.example'),
  // Slashes, plain and encoded, and dot segments that collapse into "//".
  '//evil.example',
  '///evil.example',
  '////evil.example/dashboard',
  '/.//evil.example',
  '/..//evil.example',
  '/%2e%2e//evil.example',
  '/%2F%2Fevil.example',
  '%2F%2Fevil.example',
  '/%5Cevil.example',
  // Absolute and scheme-relative URLs, other schemes.
  'https://evil.example',
  'https:evil.example',
  'https:/evil.example',
  'http://evil.example/dashboard',
  'HTTPS://EVIL.EXAMPLE',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.domain)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  // Userinfo tricks.
  '//pay.riverside.example@evil.example',
  'https://pay.riverside.example@evil.example/',
  '/@evil.example',
  '//@evil.example',
  // Unicode lookalikes of "/" and ".".
  '/\u2215\u2215evil.example',
  '\uFF0F\uFF0Fevil.example',
  '/\uFF0Fevil.example',
  '//evil\u3002example',
  '/\u3000/evil.example',
  // Whitespace and control characters around the value.
  ' //evil.example',
  '\u0000//evil.example',
  '/\u0000/evil.example',
  '\u000b//evil.example',
  // Empty, huge and non-string values.
  '',
  '/',
  `/${'a'.repeat(10_000)}`,
  `//${'a'.repeat(10_000)}.example`,
];

describe('safeNext — the page to land on after sign-in', () => {
  it.each(HOSTILE.map((value) => [JSON.stringify(value).slice(0, 60), value]))(
    'keeps %s on our own origin',
    (_label, value) => {
      const next = safeNext(value, BASE);
      // A path of our own, never something a browser could read as another host.
      expect(next).toMatch(/^\/(?![/\\])/);
      // eslint-disable-next-line no-control-regex -- control characters are exactly what's checked
      expect(next).not.toMatch(/[\u0000-\u0020\\]/);
      expect(whereABrowserGoes(next).origin).toBe(BASE);
      expect(next.length).toBeLessThanOrEqual(2048);
    },
  );

  it('falls back to the dashboard for anything that would leave, or is not a path', () => {
    for (const value of [
      '/\\evil.example',
      decodeURIComponent('/%09/evil.example'),
      '//evil.example',
      '/.//evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      'dashboard',
      '',
      `/${'a'.repeat(10_000)}`,
    ]) {
      expect(safeNext(value, BASE)).toBe('/dashboard');
    }
    for (const value of [null, undefined, 42, ['/dashboard/links'], { toString: () => '//evil' }]) {
      expect(safeNext(value, BASE)).toBe('/dashboard');
    }
  });

  it('keeps a page of our own, with its query and fragment', () => {
    expect(safeNext('/dashboard/links?status=PAID&page=2#top', BASE)).toBe(
      '/dashboard/links?status=PAID&page=2#top',
    );
    expect(safeNext('/dashboard/patients', BASE)).toBe('/dashboard/patients');
    expect(safeNext('/dev/outbox', BASE)).toBe('/dev/outbox');
    // Our own absolute address is our own page too.
    expect(safeNext(`${BASE}/dashboard/cards`, BASE)).toBe('/dashboard/cards');
  });
});
