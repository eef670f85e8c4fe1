// How many billable SMS parts a body becomes, the way carriers (and Twilio) split it. We count before
// sending to warn staff about long custom templates and as a fallback when the provider does not
// report `num_segments`.
//
// GSM-7 (GSM 03.38) fits 160 characters in one SMS; one character outside that alphabet (an emoji, a
// curly quote, "ñ" is fine but "ń" is not) switches the WHOLE message to UCS-2, 70 UTF-16 code units.
// A multipart message loses 7 bytes per part to the concatenation header: 153 GSM-7 characters or 67
// UCS-2 units per part.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export type SmsSegmentCount = {
  encoding: SmsEncoding;
  /** Billable parts. An empty body counts as 1: any message that is sent costs at least one part, and
   * this number is used for cost estimates, which must never read 0. */
  segments: number;
  /** Septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2). */
  units: number;
};

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// Sent as ESC + character, so each costs two septets.
const GSM_EXTENSION = '^{}\\[~]|€\f';

const GSM_BASIC_SET: ReadonlySet<string> = new Set(GSM_BASIC);
const GSM_EXTENSION_SET: ReadonlySet<string> = new Set(GSM_EXTENSION);

const LIMITS = {
  'GSM-7': { single: 160, multipart: 153 },
  'UCS-2': { single: 70, multipart: 67 },
} as const;

function gsmUnits(character: string): number | null {
  if (GSM_BASIC_SET.has(character)) return 1;
  if (GSM_EXTENSION_SET.has(character)) return 2;
  return null;
}

export function countSmsSegments(body: string): SmsSegmentCount {
  // Iterating a string yields code points, so an emoji (a surrogate pair) is one step of 2 units.
  const characters = [...body];
  const septets = characters.map(gsmUnits);
  const isGsm = septets.every((units) => units !== null);
  const encoding: SmsEncoding = isGsm ? 'GSM-7' : 'UCS-2';
  const costs = isGsm ? septets.map((units) => units ?? 1) : characters.map((c) => c.length);
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const limits = LIMITS[encoding];
  if (units <= limits.single) return { encoding, segments: 1, units };
  return { encoding, segments: packSegments(costs, limits.multipart), units };
}

// Phones never split an escape sequence or a surrogate pair across two parts, so a 2-unit character
// that does not fit the space left starts a new part; this can need one part more than
// ceil(units / 153).
function packSegments(costs: readonly number[], capacity: number): number {
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > capacity) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}
