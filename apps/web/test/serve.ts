// The web app on a real port for HTTP tests: a fresh database with the demo data, the built Remix
// app, and helpers to call the REST API (API key) and tRPC (a signed-in admin's session).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import type { ServerBuild } from '@remix-run/node';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { createApp } from '../server/app.ts';

export type Served = {
  c: TestContainer;
  demo: DemoCredentials;
  base: string;
  /** The demo admin's session cookie (`cp_session=…`). */
  adminCookie: string;
  close(): Promise<void>;
};

export async function serveDemo(
  options: { now?: Date; config?: Record<string, string>; host?: string } = {},
): Promise<Served> {
  const c = await createTestContainer({ now: options.now ?? new Date(), config: options.config ?? {} });
  const demo = await seedDemoData(c, undefined);
  // The global setup builds the app when its sources changed.
  const build = (await import(path.resolve(import.meta.dirname, '../build/server/index.js'))) as ServerBuild;
  const host = options.host ?? '127.0.0.1';
  const server: Server = createApp(c, build).listen(0, host);
  await new Promise((r) => server.once('listening', r));
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;
  const signIn = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: demo.email, password: demo.password }),
  });
  const adminCookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!adminCookie.startsWith('cp_session=')) throw new Error(`sign-in failed: ${signIn.status}`);
  return {
    c,
    demo,
    base,
    adminCookie,
    async close() {
      await new Promise((r) => server.close(r));
      await c.dropDatabase();
    },
  };
}

/** The id of the demo clinic's API key (the one `s.demo.apiKey` is), as the admin lists it. */
export async function demoApiKeyId(s: Served): Promise<string> {
  const res = await fetch(`${s.base}/api/trpc/apiKeys.list`, { headers: { cookie: s.adminCookie } });
  const keys = (await res.json()) as { result: { data: Array<{ id: string; revokedAt: string | null }> } };
  return keys.result.data.find((k) => k.revokedAt === null)!.id;
}
