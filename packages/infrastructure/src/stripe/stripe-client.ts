// The one place a stripe-node client is built. `apiBase` points it at the local sandbox (only host,
// port and protocol can be configured in stripe-node; there is no base-path option). Retries are left
// to stripe-node, which retries only what Stripe allows — connection errors, 409, 5xx and responses
// marked `Stripe-Should-Retry` — and reuses the same Idempotency-Key, so a retried POST cannot double up.
import Stripe from 'stripe';

export const STRIPE_API_VERSION = '2026-10-28.endive';

export type StripeClientOptions = {
  secretKey: string;
  /** e.g. `http://127.0.0.1:12111` for the sandbox; absent = api.stripe.com. */
  apiBase?: string;
  /** Per-request timeout; default 10 s (stripe-node's own default is 80 s). */
  timeoutMs?: number;
  /** Default 2, as in stripe-node. */
  maxNetworkRetries?: number;
};

export function createStripeClient(options: StripeClientOptions): Stripe {
  const config: Stripe.StripeConfig = {
    // Pinned explicitly so an SDK upgrade cannot silently change the API version our code was tested with.
    apiVersion: STRIPE_API_VERSION,
    timeout: options.timeoutMs ?? 10_000,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    appInfo: { name: 'ClinicPay' },
  };
  if (options.apiBase !== undefined) {
    const url = new URL(options.apiBase);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`Stripe apiBase must be an http(s) URL, got ${options.apiBase}`);
    }
    if (url.pathname !== '/' || url.search !== '') {
      throw new Error(
        `Stripe apiBase cannot have a path or query (stripe-node has no base path): ${options.apiBase}`,
      );
    }
    const https = url.protocol === 'https:';
    config.protocol = https ? 'https' : 'http';
    config.host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    config.port = url.port === '' ? (https ? 443 : 80) : Number(url.port);
    // Latency telemetry is meant for Stripe; a stand-in has no use for it.
    config.telemetry = false;
  }
  return new Stripe(options.secretKey, config);
}
