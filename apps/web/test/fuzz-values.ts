// Hostile values for the fuzz test, and the routes docs/api.md documents (so that a route added to
// the docs without a fuzz entry fails the test).
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** JSON values where a field's value goes: wrong types, edge numbers, text no field should take. */
export const HOSTILE_VALUES: ReadonlyArray<readonly [string, unknown]> = [
  ['NUL', 'a\u0000b'],
  ['control characters', '\u0007\u001b[2J\u007f\u0085'],
  ['a lone surrogate', 'x\uD800y'],
  ['a huge string', 'x'.repeat(200_000)],
  ['an empty string', ''],
  ['unicode', 'Zoë 👩🏽‍⚕️ \u202Eevil\u202C ﷽ e\u0301'],
  ['SQL', "' or 1=1; drop table patients; --"],
  ['a far date', '9999-12-31'],
  ['a negative number', -1],
  ['a huge number', 1e308],
  ['a fraction', 0.5],
  ['null', null],
  ['an array', ['a', 1, null]],
  ['an object', { a: { b: 1 } }],
  [
    'a prototype key',
    JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'),
  ],
];

/** Query-string values (already encoded), including repeated and nested parameters. */
export const HOSTILE_QUERY_VALUES: ReadonlyArray<readonly [string, (key: string) => string]> = [
  ['NUL', (k) => `${k}=%00`],
  ['control characters', (k) => `${k}=%07%1B`],
  ['a bad percent-encoding', (k) => `${k}=%E0%A4%A`],
  ['a huge value', (k) => `${k}=${'9'.repeat(20_000)}`],
  ['unicode', (k) => `${k}=${encodeURIComponent('Zoë 👩🏽‍⚕️ \u202E')}`],
  ['a repeated parameter', (k) => `${k}=a&${k}=b`],
  ['a nested parameter', (k) => `${k}[a]=1`],
  ['an array parameter', (k) => `${k}[]=1`],
  ['a prototype key', (k) => `${k}[__proto__][polluted]=yes`],
  ['a negative number', (k) => `${k}=-1`],
  ['an overflowing number', (k) => `${k}=1e309`],
  ['NaN', (k) => `${k}=NaN`],
  ['year 1', (k) => `${k}=0001-01-01`],
  ['year 9999', (k) => `${k}=9999-12-31`],
];

/** Path segments (already encoded) where an id or a short code goes. */
export const HOSTILE_SEGMENTS: ReadonlyArray<readonly [string, string]> = [
  ['NUL', '%00'],
  ['an id with NUL', '9a7e0000-0000-4000-8000-00000000000%00'],
  ['a traversal', '..%2F..%2Fetc%2Fpasswd'],
  ['a bad percent-encoding', '%E0%A4%A'],
  ['a huge segment', 'x'.repeat(4000)],
  ['unicode', encodeURIComponent('👩🏽‍⚕️\u202E')],
  ['SQL', encodeURIComponent("' or 1=1 --")],
  ['a number', '-1'],
];

/** Whole bodies: not an object, not JSON, the wrong content type, too large, too deep. */
export const HOSTILE_BODIES: ReadonlyArray<readonly [string, string, string]> = [
  ['an array', '[1,2,3]', 'application/json'],
  ['null', 'null', 'application/json'],
  ['a string', '"text"', 'application/json'],
  ['a number', '42', 'application/json'],
  ['broken JSON', '{"a":', 'application/json'],
  ['an empty body', '', 'application/json'],
  ['a prototype key', '{"__proto__":{"polluted":"yes"}}', 'application/json'],
  ['text/plain', '{"a":1}', 'text/plain'],
  ['a form', 'a=1&b=2', 'application/x-www-form-urlencoded'],
  ['an unknown charset', '{"a":1}', 'application/json; charset=ebcdic'],
  ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'application/json'],
  ['too large', `{"a":"${'x'.repeat(2_100_000)}"}`, 'application/json'],
];

/** Every `METHOD /path` that docs/api.md documents, with `{param}` placeholders, query strings cut. */
export function documentedRoutes(): string[] {
  const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/api.md'), 'utf8');
  const routes = new Set<string>();
  const add = (methods: string, p: string) => {
    for (const m of methods.split('/')) routes.add(`${m} ${p.split('?')[0]}`);
  };
  for (const line of doc.split('\n')) {
    // `| GET | `/api/…` |` tables, and `### `POST /api/…`` headings.
    const table = /^\|\s*(GET|POST|PATCH|PUT|DELETE)\s*\|\s*`([^`]+)`/.exec(line);
    if (table) add(table[1]!, table[2]!);
    const heading = /^### `(GET|POST|PATCH|PUT|DELETE) ([^`]+)`/.exec(line);
    if (heading) add(heading[1]!, heading[2]!);
    // `| `GET /go/{code}/done`, `/go/{code}/cancelled` |`: later paths take the first one's methods.
    const cell =
      /^\|\s*`((?:GET|POST|PATCH|PUT|DELETE)(?:\/(?:GET|POST|PATCH|PUT|DELETE))*) (\/[^`]+)`(.*?)\|/.exec(
        line,
      );
    if (cell) {
      add(cell[1]!, cell[2]!);
      for (const more of cell[3]!.matchAll(/`(\/[^`]+)`/g)) add(cell[1]!, more[1]!);
    }
  }
  return [...routes].sort();
}
