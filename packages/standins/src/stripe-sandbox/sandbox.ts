// Wiring: store + idempotency + webhook dispatcher + state file + HTTP server, and the handle that
// `startStripeSandbox` returns. See index.ts for the public contract.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sweepExpiredSessions } from './checkout-lifecycle.ts';
import type { SandboxContext } from './context.ts';
import { buildEvent } from './events.ts';
import { IdempotencyStore } from './idempotency.ts';
import type { JsonObject } from './json.ts';
import { apiRoutes } from './routes/index.ts';
import { createRequestListener } from './server.ts';
import { loadState, StateFileWriter } from './state-file.ts';
import { SandboxStore } from './store.ts';
import type { StripeSandbox, StripeSandboxOptions } from './index.ts';
import { WebhookDispatcher } from './webhooks.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Like Stripe in live mode: quick retries first, then backing off to twelve hours, for about three days. */
const DEFAULT_RETRY_DELAYS_MS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
  ...Array.from({ length: 5 }, () => 12 * HOUR),
];
/** Stripe retries an undelivered event for three days; older ones are not resumed after a restart. */
const RETRY_WINDOW_SECONDS = 3 * 24 * 3600;
const SWEEP_INTERVAL_MS = 1000;

export async function startStripeSandbox(options: StripeSandboxOptions): Promise<StripeSandbox> {
  if (!options.webhookSecret) throw new Error('startStripeSandbox: webhookSecret is required');
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const store = new SandboxStore();
  const idempotency = new IdempotencyStore(() => now().getTime());
  const stateFile = options.stateFile ?? null;
  if (stateFile) {
    const state = loadState(stateFile, log);
    if (state) {
      store.restore(state.store);
      idempotency.restore(state.idempotency);
      log(`restored ${store.sessions.size} session(s), ${store.events.size} event(s) from ${stateFile}`);
    }
  }
  const writer = stateFile
    ? new StateFileWriter(
        stateFile,
        () => ({ store: store.snapshot(), idempotency: idempotency.snapshot() }),
        log,
      )
    : null;

  let webhookUrl = options.webhookUrl ?? null;
  const dispatcher = new WebhookDispatcher({
    secret: options.webhookSecret,
    retryDelaysMs: options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    webhookUrl: () => webhookUrl,
    event: (id) => store.events.get(id),
    onDelivered: (id) => {
      const event = store.events.get(id);
      if (event) event.pending_webhooks = 0;
      writer?.schedule();
    },
    log,
  });

  // Events the last run could not deliver (it was stopped, or the endpoint was down) are delivered
  // again, oldest first, as soon as there is a URL to deliver them to: a restart loses none.
  const nowSeconds = () => Math.floor(now().getTime() / 1000);
  let undelivered = [...store.events.values()]
    .filter((event) => event.pending_webhooks > 0 && nowSeconds() - event.created < RETRY_WINDOW_SECONDS)
    .map((event) => event.id);
  const resumeDeliveries = () => {
    if (!webhookUrl || undelivered.length === 0) return;
    log(`resuming delivery of ${undelivered.length} undelivered webhook(s)`);
    for (const id of undelivered) dispatcher.enqueue(id);
    undelivered = [];
  };

  const server = http.createServer();
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  // A wildcard bind address is not something to connect to; use loopback instead.
  const connectHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const apiHost = connectHost.includes(':') ? `[${connectHost}]` : connectHost;
  const publicUrl = (options.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');

  const context: SandboxContext = {
    store,
    now,
    nowSeconds,
    publicUrl,
    emit(type: string, object: object, request, previousAttributes?: JsonObject) {
      const event = buildEvent(type, object, request, {
        created: context.nowSeconds(),
        pendingWebhooks: webhookUrl ? 1 : 0,
        ...(previousAttributes ? { previousAttributes } : {}),
      });
      store.events.set(event.id, event);
      if (webhookUrl) dispatcher.enqueue(event.id);
      writer?.schedule();
    },
    changed: () => writer?.schedule(),
  };
  const sweep = () => {
    sweepExpiredSessions(context);
    idempotency.prune();
  };
  server.on(
    'request',
    createRequestListener({ context, routes: apiRoutes, idempotency, beforeRequest: sweep, log }),
  );
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
  timer.unref();
  sweep();
  resumeDeliveries();
  log(`listening on http://${apiHost}:${port} (hosted pages at ${publicUrl})`);

  let stopped = false;
  return {
    url: `http://${apiHost}:${port}`,
    publicUrl,
    port,
    setWebhookUrl(url: string | null) {
      webhookUrl = url;
      resumeDeliveries();
    },
    sweepExpiredSessions: sweep,
    events: () =>
      [...store.events.values()].map((event) => ({
        id: event.id,
        type: event.type,
        data: { object: structuredClone(event.data.object) },
      })),
    deliveries: () => dispatcher.deliveries(),
    idle: () => dispatcher.idle(),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      dispatcher.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await writer?.flush();
    },
  };
}
