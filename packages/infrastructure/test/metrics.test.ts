// Metrics the operator scrapes (docs/operations.md): who may read them, and the job queue as the
// worker reports it.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { createLogger } from '../src/logging/logger.ts';
import { createMetrics, observeJobQueue, scrape, serveMetrics } from '../src/observability/metrics.ts';

describe('who may scrape', () => {
  const metrics = createMetrics('web');
  const token = 'a-metrics-token-of-some-length';

  it('with METRICS_TOKEN, only that bearer', async () => {
    const config = { nodeEnv: 'production' as const, metrics: { token, workerPort: undefined } };
    expect((await scrape(metrics, config, undefined)).status).toBe(401);
    expect((await scrape(metrics, config, 'Bearer wrong-token-of-same-length!')).status).toBe(401);
    expect((await scrape(metrics, config, `Basic ${token}`)).status).toBe(401);
    const ok = await scrape(metrics, config, `Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['Content-Type']).toContain('text/plain; version=0.0.4');
    expect(ok.body).toContain('clinicpay_process_resident_memory_bytes{process="web"}');
  });

  it('without a token: open in development, off (404) in production', async () => {
    const none = { token: undefined, workerPort: undefined };
    expect((await scrape(metrics, { nodeEnv: 'development', metrics: none }, undefined)).status).toBe(200);
    const off = await scrape(metrics, { nodeEnv: 'production', metrics: none }, undefined);
    expect(off.status).toBe(404);
    expect(off.body).toContain('set METRICS_TOKEN');
  });
});

describe("the worker's metrics port", () => {
  let c: TestContainer;
  beforeAll(async () => {
    c = await createTestContainer({ now: new Date() });
  });
  afterAll(async () => {
    await c?.dropDatabase();
  });

  it('reports jobs due, scheduled and failed per task, and how long the oldest due one waited', async () => {
    await c.pool.query(
      `select graphile_worker.add_job('metrics_probe', '{}', run_at => now() - interval '90 seconds')`,
    );
    await c.pool.query(
      `select graphile_worker.add_job('metrics_probe', '{}', run_at => now() + interval '1 hour')`,
    );
    await c.pool.query(
      `select graphile_worker.add_job('metrics_dead', '{}', max_attempts => 1);
       update graphile_worker._private_jobs set attempts = 1
        where task_id = (select id from graphile_worker._private_tasks where identifier = 'metrics_dead')`,
    );
    const metrics = createMetrics('worker');
    observeJobQueue(metrics, c.pool);
    const config = {
      nodeEnv: 'development' as const,
      host: '127.0.0.1',
      metrics: { token: undefined, workerPort: 0 },
    };
    const server = await serveMetrics(metrics, config, 0, createLogger({ level: 'error' }));
    try {
      const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('clinicpay_jobs_waiting{task="metrics_probe",state="due",process="worker"} 1');
      expect(text).toContain(
        'clinicpay_jobs_waiting{task="metrics_probe",state="scheduled",process="worker"} 1',
      );
      expect(text).toContain('clinicpay_jobs_failed{task="metrics_dead",process="worker"} 1');
      const oldest = Number(
        /clinicpay_jobs_oldest_due_seconds\{task="metrics_probe",process="worker"\} ([\d.]+)/.exec(text)?.[1],
      );
      expect(oldest).toBeGreaterThanOrEqual(89);
      expect(oldest).toBeLessThan(200);
      expect((await fetch(`${base}/other`)).status).toBe(404);
    } finally {
      server?.close();
    }
  });

  it('a port in use costs the metrics, not the worker', async () => {
    const metrics = createMetrics('worker');
    const config = {
      nodeEnv: 'development' as const,
      host: '127.0.0.1',
      metrics: { token: undefined, workerPort: 0 },
    };
    const first = await serveMetrics(metrics, config, 0, createLogger({ level: 'error' }));
    const taken = (first!.address() as AddressInfo).port;
    expect(await serveMetrics(metrics, config, taken, createLogger({ level: 'error' }))).toBeNull();
    first!.close();
  });
});
