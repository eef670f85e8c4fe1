// The building blocks of every procedure's input, shared by tRPC and the REST API (which parses
// with the procedures' own schemas). Text is checked here, once, not route by route:
//
// - PostgreSQL refuses NUL (U+0000) in text, so a NUL that reached a query was a 500; and other
//   control characters have no place in what we store and show: they corrupt logs, CSV exports,
//   SMS bodies and the dashboard.
// - `line(max)` — one line (names, emails, phones, ids, searches, keys, codes): trimmed, and no
//   control character at all (Unicode Cc: U+0000–U+001F — tab and line breaks too — DEL and
//   U+0080–U+009F).
// - `text(max)` — free text that may span lines (descriptions, messages, templates, CSV): tab, LF and
//   CR are kept; every other control character is refused.
// - Both refuse lone surrogates: not Unicode text (they would silently be stored as U+FFFD).
import { z } from 'zod';

const NO_CONTROL = /^[^\p{Cc}]*$/u;
const NO_CONTROL_BUT_LINE_BREAKS = /^(?:[\t\n\r]|[^\p{Cc}])*$/u;
const LONE_SURROGATE = /\p{Cs}/u;

const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

/** One line of text, trimmed: no control characters (tab and line breaks included). */
export const line = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(NO_CONTROL, 'must be one line of text, without control characters')
    .refine(wellFormed, 'is not valid Unicode text');

/** Free text: line breaks and tabs allowed, no other control characters (NUL included). */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .regex(NO_CONTROL_BUT_LINE_BREAKS, 'must not contain control characters (tab and line breaks are fine)')
    .refine(wellFormed, 'is not valid Unicode text');

/** An id of ours, as given (an unknown or malformed one is simply not found: 404). */
export const id = line(100).min(1);

/** A filter by id: something that cannot be an id is a mistake worth naming, not an empty list. */
export const uuidFilter = (what: string) => z.guid({ error: `must be ${what}'s id (a UUID)` });

/** An amount: a number or a decimal string, parsed exactly by the domain. */
export const amountish = z.union([z.number(), line(32)]);
