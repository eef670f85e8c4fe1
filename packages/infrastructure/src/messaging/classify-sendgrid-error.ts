// SendGrid failures in the port's vocabulary. SendGrid has no error codes, only HTTP statuses and
// `{"errors":[{"message","field","help"}]}`; the status is the code we record.
// @sendgrid/client throws a ResponseError with `.code` = HTTP status and `.response.body` = the parsed
// error body; network failures are axios errors with a string `.code`.
import type { SendError } from '@clinicpay/domain';

// Retrying the same request cannot change these: bad request (e.g. invalid address, unverified
// sender), bad or under-privileged API key, wrong URL, message too large.
const PERMANENT_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 404, 405, 413]);

const TIMEOUT_CODES: ReadonlySet<string> = new Set(['ETIMEDOUT', 'ECONNABORTED']);

function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

/** SendGrid's `errors[].message`s joined, when the body has them. */
export function sendGridErrorMessages(body: unknown): string | null {
  const errors = property(body, 'errors');
  if (!Array.isArray(errors)) return null;
  const messages = errors
    .map((entry) => {
      const message = property(entry, 'message');
      const field = property(entry, 'field');
      if (typeof message !== 'string') return null;
      return typeof field === 'string' && field !== '' && field !== 'null' ? `${field}: ${message}` : message;
    })
    .filter((message): message is string => message !== null);
  return messages.length > 0 ? messages.join('; ') : null;
}

export function classifySendGridError(error: unknown): SendError {
  const code = property(error, 'code');
  const fallbackMessage = error instanceof Error ? error.message : String(error);
  if (typeof code === 'number') {
    const body = property(property(error, 'response'), 'body');
    const message = sendGridErrorMessages(body) ?? (fallbackMessage || `HTTP ${code}`);
    if (PERMANENT_STATUSES.has(code)) return { kind: 'permanent', code: String(code), message };
    // 429 and 5xx: SendGrid did not take the message. Anything else unexpected is transient too: a
    // wrongly permanent error loses the email for good, a wrongly transient one costs a few retries.
    return { kind: 'transient', code: String(code), message };
  }
  if (typeof code === 'string') {
    // No HTTP response: connection refused/reset, DNS, or our timeout. SendGrid may have accepted the
    // mail; the job's recorded state decides whether to retry.
    return {
      kind: 'transient',
      code: TIMEOUT_CODES.has(code) ? 'timeout' : 'network',
      message: fallbackMessage,
    };
  }
  return { kind: 'transient', code: 'unknown', message: fallbackMessage };
}
