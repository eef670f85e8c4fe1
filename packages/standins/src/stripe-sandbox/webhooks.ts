// Webhook delivery: one event at a time in creation order, signed like Stripe (`Stripe-Signature:
// t=…,v1=HMAC-SHA256("<t>.<body>")`). A failed attempt (non-2xx or network error) is retried after the
// configured delays without holding up later events — Stripe does not promise ordering either — and
// after the last delay the event is given up on and logged.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { SandboxEvent } from './store.ts';

const ATTEMPT_TIMEOUT_MS = 10_000;

export type DeliveryRecord = { eventId: string; attempt: number; status: number | 'network_error'; at: Date };

export type WebhookDispatcherOptions = {
  secret: string;
  retryDelaysMs: readonly number[];
  webhookUrl: () => string | null;
  /** Latest version of the event (its `pending_webhooks` changes), serialised at each attempt. */
  event: (id: string) => SandboxEvent | undefined;
  onDelivered: (eventId: string) => void;
  log: (message: string) => void;
};

type Attempt = { eventId: string; attempt: number };

export function signatureHeader(payload: string, secret: string, timestampSeconds: number): string {
  const signature = createHmac('sha256', secret)
    .update(`${timestampSeconds}.${payload}`, 'utf8')
    .digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}

export class WebhookDispatcher {
  readonly #options: WebhookDispatcherOptions;
  readonly #queue: Attempt[] = [];
  readonly #retryTimers = new Set<NodeJS.Timeout>();
  readonly #deliveries: DeliveryRecord[] = [];
  #idleWaiters: Array<() => void> = [];
  #running = false;
  #stopped = false;

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options;
  }

  enqueue(eventId: string) {
    if (this.#stopped) return;
    this.#queue.push({ eventId, attempt: 1 });
    void this.#drain();
  }

  deliveries(): DeliveryRecord[] {
    return this.#deliveries.map((record) => ({ ...record }));
  }

  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  stop() {
    this.#stopped = true;
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
    this.#queue.length = 0;
    this.#notifyIfIdle();
  }

  #isIdle(): boolean {
    return !this.#running && this.#queue.length === 0 && this.#retryTimers.size === 0;
  }

  #notifyIfIdle() {
    if (!this.#isIdle() && !this.#stopped) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async #drain() {
    if (this.#running) return;
    this.#running = true;
    try {
      for (let next = this.#queue.shift(); next && !this.#stopped; next = this.#queue.shift()) {
        await this.#attempt(next);
      }
    } finally {
      this.#running = false;
      this.#notifyIfIdle();
    }
  }

  async #attempt({ eventId, attempt }: Attempt) {
    const event = this.#options.event(eventId);
    const url = this.#options.webhookUrl();
    if (!event) return;
    if (!url) {
      this.#options.log(`webhook ${event.type} ${eventId}: no webhook URL configured, not delivered`);
      return;
    }
    const payload = JSON.stringify(event, null, 2);
    // Signed with the wall clock, not the injected one: receivers check freshness against their own
    // clock (stripe-node rejects signatures older than 300 s), whatever business time a test simulates.
    const header = signatureHeader(payload, this.#options.secret, Math.floor(Date.now() / 1000));
    const status = await post(url, payload, header);
    this.#deliveries.push({ eventId, attempt, status, at: new Date() });
    if (typeof status === 'number' && status >= 200 && status < 300) {
      this.#options.onDelivered(eventId);
      return;
    }
    const delay = this.#options.retryDelaysMs[attempt - 1];
    if (delay === undefined || this.#stopped) {
      this.#options.log(
        `webhook ${event.type} ${eventId}: gave up after ${attempt} attempt(s), last: ${status}`,
      );
      return;
    }
    this.#options.log(
      `webhook ${event.type} ${eventId}: attempt ${attempt} got ${status}, retrying in ${delay} ms`,
    );
    const timer = setTimeout(() => {
      this.#retryTimers.delete(timer);
      if (this.#stopped) return this.#notifyIfIdle();
      this.#queue.push({ eventId, attempt: attempt + 1 });
      void this.#drain();
    }, delay);
    timer.unref();
    this.#retryTimers.add(timer);
  }
}

function post(url: string, payload: string, signature: string): Promise<number | 'network_error'> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve('network_error');
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(payload),
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Cache-Control': 'no-cache',
          Accept: '*/*; q=0.5, application/xml',
          'Stripe-Signature': signature,
          Connection: 'close',
        },
        timeout: ATTEMPT_TIMEOUT_MS,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve('network_error'));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve('network_error'));
    request.end(payload);
  });
}
