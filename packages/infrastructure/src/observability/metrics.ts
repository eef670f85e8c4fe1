// Prometheus metrics (prom-client), one registry per process: what the web process serves on
// /metrics and the worker on its metrics port. Every name is listed, with the alerts worth setting,
// in docs/operations.md. Labels are bounded sets (routes as registered, outcomes, budgets, task
// names): never an id, a code, an address or anything about a patient.
import { createServer, type Server } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Config } from '../config/config.ts';
import type { ClickStats } from '../links/click-recorder.ts';
import type { Logger } from '../logging/logger.ts';

export type Metrics = {
  registry: Registry;
  /** Every answered request, by method, route (as registered, e.g. /api/billing/links/:id) and status. */
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** GET /go/:code by what the patient got: redirect, page (paid, expired, cancelled), unknown, throttled, bot. */
  redirects: Counter<'outcome'>;
  /** Provider webhooks by provider and outcome: stored, duplicate, rejected (signature/body), unavailable. */
  webhooks: Counter<'provider' | 'outcome'>;
  /** Requests refused for being over a budget. */
  rateLimited: Counter<'budget'>;
  /** Requests refused by a clinic's IP allowlist. */
  allowlistRefused: Counter<'subject'>;
};

/** The metrics of one process; `process` labels every series (web, worker). */
export function createMetrics(processName: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ process: processName });
  collectDefaultMetrics({ register: registry, prefix: 'clinicpay_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'clinicpay_http_request_duration_seconds',
      help: 'Time to answer a request, by method, registered route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    redirects: new Counter({
      name: 'clinicpay_go_requests_total',
      help: 'Patient short-link requests (GET /go/:code) by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    webhooks: new Counter({
      name: 'clinicpay_webhooks_total',
      help: 'Provider webhooks received, by provider and outcome',
      labelNames: ['provider', 'outcome'],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'clinicpay_rate_limited_total',
      help: 'Requests refused with 429 for being over a budget, by budget',
      labelNames: ['budget'],
      registers: [registry],
    }),
    allowlistRefused: new Counter({
      name: 'clinicpay_ip_allowlist_refused_total',
      help: "Requests refused with 403 by a clinic's IP allowlist, by what it guards (dashboard, api_key)",
      labelNames: ['subject'],
      registers: [registry],
    }),
  };
}

/** The web process's click buffer (clicks are written off the redirect's path), read at each scrape. */
export function observeClicks(metrics: Metrics, stats: () => ClickStats): void {
  // Two apps on one container (tests) share the gauges.
  if (metrics.registry.getSingleMetric('clinicpay_clicks_buffered')) return;
  const read = (field: keyof ClickStats) =>
    function (this: Gauge) {
      this.set(stats()[field]);
    };
  new Gauge({
    name: 'clinicpay_clicks_buffered',
    help: 'Clicks answered but not yet written to the database',
    registers: [metrics.registry],
    collect: read('buffered'),
  });
  for (const [field, help] of [
    ['written', 'Clicks written to the database since the process started'],
    ['dropped', 'Clicks lost because the buffer was full (should stay 0)'],
  ] as const)
    new Gauge({
      name: `clinicpay_clicks_${field}`,
      help,
      registers: [metrics.registry],
      collect: read(field),
    });
}

/**
 * The job queue, read from graphile-worker's `jobs` view at each scrape: jobs waiting per task (due
 * now or scheduled later), how long the oldest due one has waited, and jobs that used up their
 * attempts.
 */
export function observeJobQueue(metrics: Metrics, pool: pg.Pool): void {
  type Row = {
    task: string;
    due: string;
    scheduled: string;
    failed: string;
    oldest_due_seconds: number | null;
  };
  let last: Promise<Row[]> | null = null;
  // One query per scrape, shared by the three gauges.
  const rows = () =>
    (last ??= pool
      .query<Row>(
        `select task_identifier as task,
                count(*) filter (where locked_at is null and attempts < max_attempts and run_at <= now()) as due,
                count(*) filter (where locked_at is null and attempts < max_attempts and run_at > now()) as scheduled,
                count(*) filter (where attempts >= max_attempts) as failed,
                extract(epoch from now() - min(run_at) filter (
                  where locked_at is null and attempts < max_attempts and run_at <= now()))::float8 as oldest_due_seconds
           from graphile_worker.jobs group by task_identifier`,
      )
      .then((r) => r.rows)
      .finally(() => setTimeout(() => (last = null), 0)));
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, r: Row) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        try {
          for (const row of await rows()) fill(this, row);
        } catch {
          // The database is away: no figures this scrape rather than a failed scrape.
        }
      },
    });
  gauge(
    'clinicpay_jobs_waiting',
    'Jobs not yet run, by task and state (due, scheduled)',
    ['task', 'state'],
    (g, r) => {
      g.set({ task: r.task, state: 'due' }, Number(r.due));
      g.set({ task: r.task, state: 'scheduled' }, Number(r.scheduled));
    },
  );
  gauge(
    'clinicpay_jobs_oldest_due_seconds',
    'How long the oldest due job has waited, by task',
    ['task'],
    (g, r) => g.set({ task: r.task }, r.oldest_due_seconds ?? 0),
  );
  gauge('clinicpay_jobs_failed', 'Jobs that used up their attempts, by task', ['task'], (g, r) =>
    g.set({ task: r.task }, Number(r.failed)),
  );
}

export type MetricsAnswer = { status: number; headers: Record<string, string>; body: string };

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A scrape: with METRICS_TOKEN set, only `Authorization: Bearer <token>` gets the figures (401
 * otherwise); without one, development answers anyone who can reach it and production answers 404.
 */
export async function scrape(
  metrics: Metrics,
  config: Pick<Config, 'metrics' | 'nodeEnv'>,
  authorization: string | undefined,
): Promise<MetricsAnswer> {
  const text = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
  const { token } = config.metrics;
  if (token) {
    const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!given || !sameToken(given, token))
      return {
        status: 401,
        headers: { ...text, 'WWW-Authenticate': 'Bearer realm="metrics"' },
        body: 'Metrics need Authorization: Bearer <METRICS_TOKEN>\n',
      };
  } else if (config.nodeEnv === 'production') {
    return { status: 404, headers: text, body: 'Metrics are off: set METRICS_TOKEN to read them\n' };
  }
  return {
    status: 200,
    headers: { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' },
    body: await metrics.registry.metrics(),
  };
}

/** The worker's metrics listener: GET /metrics on `port` (HOST's interface), the same token rule. */
export async function serveMetrics(
  metrics: Metrics,
  config: Pick<Config, 'metrics' | 'nodeEnv' | 'host'>,
  port: number,
  logger: Logger,
): Promise<Server | null> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Only GET /metrics here\n');
      return;
    }
    scrape(metrics, config, req.headers.authorization).then(
      (answer) => res.writeHead(answer.status, answer.headers).end(answer.body),
      () => res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Metrics failed\n'),
    );
  });
  // A port in use costs the metrics, never the worker.
  return new Promise((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      logger.warn('metrics listener not started', { port, error: error.code ?? error.message });
      resolve(null);
    });
    server.listen(port, config.host, () => {
      logger.info('metrics listening', { url: `http://${config.host}:${port}/metrics` });
      resolve(server);
    });
  });
}
