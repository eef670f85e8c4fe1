// Where to send a browser after sign-in (`next=`): only a page of our own, never an open redirect.
//
// HAZARD: string checks ("starts with / but not //") are not enough. Browsers strip tabs and
// newlines from a URL, read "\" as "/", and collapse dot segments, so `/\evil.example`,
// `/<TAB>/evil.example` and `/.//evil.example` all become `//evil.example` — another site. So the value
// is parsed the way a browser parses it (the WHATWG URL parser, against our public address), must
// land on our origin, and what we send back is the normalised path, which can't start with "//".

const FALLBACK = '/dashboard';
/** Longer than any page of ours; a huge `next` is someone's experiment. */
const MAX_LENGTH = 2048;

export function safeNext(value: unknown, publicBaseUrl: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return FALLBACK;
  const base = new URL(publicBaseUrl);
  let target: URL;
  try {
    // The parser strips leading/trailing controls and spaces itself; tabs and newlines inside the
    // value are removed first only to be explicit about doing what browsers do.
    target = new URL(value.replace(/[\t\n\r]/g, ''), base);
  } catch {
    return FALLBACK;
  }
  if (target.origin !== base.origin) return FALLBACK;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // A pathname such as "//evil.example" (from "/.//evil.example") is same-origin here, but sent as a
  // relative Location it would be read as a host.
  if (!path.startsWith('/') || path.startsWith('//') || path.length > MAX_LENGTH) return FALLBACK;
  return path;
}
