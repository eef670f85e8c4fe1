// API-key authentication as Stripe does it: `Authorization: Bearer sk_test_…`, or HTTP Basic with the
// key as the username. Any test-mode secret (or restricted) key is accepted; the sandbox has one account.
import { authenticationError, type SandboxApiError } from './errors.ts';

export type AuthResult = { ok: true; apiKey: string } | { ok: false; error: SandboxApiError };

function redact(key: string): string {
  return key.length <= 8
    ? '********'
    : `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
}

function keyFromHeader(header: string): string | null {
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!scheme || !value) return null;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const user = decoded.split(':', 1)[0];
    return user ? user : null;
  }
  return null;
}

export function authenticate(header: string | undefined): AuthResult {
  if (!header) {
    return {
      ok: false,
      error: authenticationError(
        'You did not provide an API key. You need to provide your API key in the Authorization header, using ' +
          "Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication " +
          'for details, or we can help at https://support.stripe.com/.',
      ),
    };
  }
  const key = keyFromHeader(header);
  if (!key) {
    return {
      ok: false,
      error: authenticationError(
        "Invalid API Key provided. Use Bearer auth ('Authorization: Bearer YOUR_SECRET_KEY') or HTTP Basic " +
          'with the key as the username.',
      ),
    };
  }
  if (!/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key)) {
    const live = key.startsWith('sk_live_') || key.startsWith('rk_live_');
    return {
      ok: false,
      error: authenticationError(
        live
          ? `Invalid API Key provided: ${redact(key)}. The local Stripe sandbox only accepts test-mode keys (sk_test_…).`
          : `Invalid API Key provided: ${redact(key)}`,
      ),
    };
  }
  return { ok: true, apiKey: key };
}
