// The real stack in one process for browser tests: web app, worker, local Stripe sandbox and a
// PostgreSQL database of the test's own, with the demo data loaded.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ServerBuild } from '@remix-run/node';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { createApp } from '../../server/app.ts';
// The worker app, in-process: the journey needs webhooks processed as in production.
import { startWorker } from '../../../worker/src/worker.ts';

export type Stack = { c: TestContainer; demo: DemoCredentials; base: string; stop(): Promise<void> };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startStack(): Promise<Stack> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const c = await createTestContainer({ now: new Date(), config: { PUBLIC_BASE_URL: base } });
  const demo = await seedDemoData(c, undefined);
  const build = (await import(
    path.resolve(import.meta.dirname, '../../build/server/index.js')
  )) as ServerBuild;
  const server: Server = createApp(c, build).listen(port, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  c.sandbox.setWebhookUrl(`${base}/webhooks/stripe`);
  const runner = await startWorker(c, { concurrency: 2 });
  return {
    c,
    demo,
    base,
    async stop() {
      await runner.stop();
      await new Promise((r) => server.close(r));
      await c.dropDatabase();
    },
  };
}

/** Polls until `probe` returns a truthy value (or gives up after `ms`). */
export async function eventually<T>(probe: () => Promise<T>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A payment link through the REST API, as the spec's example makes it. */
export async function createLink(stack: Stack, extra: Record<string, unknown> = {}) {
  const res = await fetch(`${stack.base}/api/billing/checkout-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.demo.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      patientId: stack.demo.patientIds[0],
      items: [
        { name: 'Consultation', price: 100.0, quantity: 1 },
        { name: 'Lab Work', price: 50.0, quantity: 1 },
      ],
      description: 'Office Visit - March 15',
      ...extra,
    }),
  });
  if (res.status !== 201) throw new Error(`creating a link answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string; shortUrl: string; fullUrl: string };
}
