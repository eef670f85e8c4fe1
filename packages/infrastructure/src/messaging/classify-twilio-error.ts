// Twilio failures in the port's vocabulary. `permanent`: Twilio looked at the message and refused it
// for a reason a retry cannot change (bad or unsubscribed number, bad sender, bad credentials) — the
// message is marked failed and staff see why. `transient`: Twilio may not have processed it (rate
// limit, 5xx, network) — the job retries later.
import twilio from 'twilio';
import type { SendError } from '@clinicpay/domain';

// Error codes from https://www.twilio.com/docs/api/errors that a retry cannot fix.
const PERMANENT_CODES: Readonly<Record<number, string>> = {
  20003: 'Twilio rejected the credentials (account SID / auth token)',
  20404: 'Twilio does not know this resource (wrong account SID?)',
  21211: "The 'To' number is not a valid phone number",
  21408: 'Sending SMS to this region is not enabled on the Twilio account',
  21602: 'The message body is required',
  21603: "A 'From' number or Messaging Service is required",
  21604: "A 'To' number is required",
  21606: "The 'From' number is not an SMS-capable number of this account",
  21610: 'The recipient replied STOP and has unsubscribed from this sender',
  21612: "The 'To' number cannot be reached from this 'From' number",
  21614: "The 'To' number is not a mobile number",
  21617: 'The message body exceeds 1600 characters',
  21659: "The 'From' number does not belong to this account",
};

const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_NETWORK',
]);

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function classifyTwilioError(error: unknown): SendError {
  if (error instanceof twilio.RestException) {
    const code = error.code;
    const message = error.message || `HTTP ${error.status}`;
    if (code !== undefined && PERMANENT_CODES[code] !== undefined) {
      return { kind: 'permanent', code: String(code), message };
    }
    if (error.status === 429 || code === 20429) return { kind: 'transient', code: '20429', message };
    if (error.status >= 500) return { kind: 'transient', code: String(code ?? error.status), message };
    // Whatever the code, a 401 means the credentials are wrong; retrying will not fix them.
    if (error.status === 401) return { kind: 'permanent', code: String(code ?? 20003), message };
    // A code this list does not know yet. Transient: a wrongly permanent error drops a patient's
    // message for good, while a wrongly transient one only costs the job's few bounded retries; the
    // code is kept so the logs show what to add here.
    return { kind: 'transient', code: String(code ?? error.status), message };
  }
  // Node and axios network errors carry a string `code` (ECONNREFUSED, ETIMEDOUT, ECONNABORTED for
  // an axios timeout …). Twilio may or may not have received the request; Twilio has no idempotency
  // key, so the job decides whether a retry is safe from the message's recorded state.
  const errorCode =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : null;
  if (errorCode !== null && NETWORK_CODES.has(errorCode)) {
    const timedOut = errorCode === 'ETIMEDOUT' || errorCode === 'ECONNABORTED';
    return { kind: 'transient', code: timedOut ? 'timeout' : 'network', message: describe(error) };
  }
  // Anything else (a bug, an unparsable response): we cannot tell whether Twilio sent it; transient
  // with code `unknown` so it is visible.
  return { kind: 'transient', code: 'unknown', message: describe(error) };
}
