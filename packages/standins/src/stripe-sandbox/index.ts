// A local, stateful stand-in for the part of the Stripe API ClinicPay uses, plus the hosted Checkout
// page. The dev start command runs it when no STRIPE_SECRET_KEY is configured; tests point the real
// stripe SDK at it (`new Stripe(key, { host, port, protocol: 'http' })`). Behaviour follows API
// 2026-10-28.endive as described in shared/reference/PROVIDERS.md.
//
// Besides Stripe's endpoints it serves (no API key needed):
//   GET  /checkout/:session   hosted checkout page (card form; test cards listed on the page)
//   POST /checkout/:session   card form submission → 303 to success_url, or the page with errors
//   GET  /receipts/:charge    the page behind a Charge's receipt_url
// and one sandbox-only API helper (API key required), see routes/sandbox-helpers.ts:
//   POST /_sandbox/payment_methods/:id/automatically_update   exp_month, exp_year[, last4]

export type StripeSandboxOptions = {
  /** 0/undefined = a random free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Base URL browsers use for hosted pages; default `http://localhost:${port}`. */
  publicUrl?: string;
  /** Where events are POSTed; may be set later with setWebhookUrl. Events created while no URL is
   * set are recorded (pending_webhooks 0) but never delivered, like Stripe without an endpoint. */
  webhookUrl?: string | null;
  /** 'whsec_…', the key of the Stripe-Signature HMAC. */
  webhookSecret: string;
  /** Clock for `created` timestamps, session expiry and idempotency-key lifetime. */
  now?: () => Date;
  /** Delay before each retry of a failed delivery; after the last one, give up. Default: 1 s, 2 s,
   * 5 s … backing off to 12 h, about three days in all, as Stripe does. */
  webhookRetryDelaysMs?: number[];
  /** If set: state is loaded from here at start and saved (debounced, atomically) on every change.
   * Events not yet delivered (`pending_webhooks` > 0, less than three days old) are delivered again
   * after a restart, as soon as a webhook URL is set. */
  stateFile?: string | null;
  log?: (message: string) => void;
};

export type StripeSandbox = {
  /** API base, e.g. http://127.0.0.1:54321 */
  url: string;
  publicUrl: string;
  port: number;
  setWebhookUrl(url: string | null): void;
  /** Expire open sessions past expires_at now (also done lazily on access and by an internal 1 s timer using `now`). */
  sweepExpiredSessions(): void;
  /** Events created so far (for tests), newest last. */
  events(): Array<{ id: string; type: string; data: { object: Record<string, unknown> } }>;
  /** Delivery attempts, in the order they finished. */
  deliveries(): Array<{ eventId: string; attempt: number; status: number | 'network_error'; at: Date }>;
  /** Wait until every event created so far was delivered (2xx) or gave up. */
  idle(): Promise<void>;
  stop(): Promise<void>;
};

export { startStripeSandbox } from './sandbox.ts';
