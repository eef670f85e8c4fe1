// Test support: a fresh database per test file, cloned from the migrated template that the global
// setup prepared, and a container wired to it with a controllable clock.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import {
  createContainer,
  createLogger,
  FixedClock,
  loadConfig,
  SANDBOX_WEBHOOK_SECRET,
  type Config,
  type Container,
} from '@clinicpay/infrastructure';
import { startStripeSandbox, type StripeSandbox } from '../stripe-sandbox/index.ts';
import { startDatabaseProxy, type DatabaseProxy } from './database-proxy.ts';
import { testRedisOverride } from '../config/test-redis.ts';

export { FixedClock };
export {
  createTestCheckoutLink,
  deliverStripeEvent,
  sandboxStripe,
  signStripeEvent,
} from './stripe-helpers.ts';
export {
  acceptStripeWebhook,
  catchUpStripeEvents,
  processStripeEvent,
  type IntakeResult,
} from './stripe-webhooks.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: { adminUrl: string; template: string };
  }
}

export type TestDatabase = { url: string; drop(): Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template } = inject('testDb');
  const name = `clinicpay_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  // The test clock stands still, so the send-rate bucket never refills: a rate high enough that no
  // test about something else meets it (the limiter has tests of its own).
  // Likewise the request budgets: every request still goes through the limiter (and gets its
  // headers), but only the rate-limit tests set budgets a test can meet. The counts live where the
  // run says: Redis when REDIS_URL is set (CI's second pass), PostgreSQL otherwise.
  return loadConfig({
    NODE_ENV: 'test',
    DEMO_SEED: 'false',
    MESSAGE_SEND_RATE_PER_SECOND: '10000',
    RATE_LIMIT_READS: '1000000',
    RATE_LIMIT_WRITES: '1000000',
    RATE_LIMIT_EXPORTS: '1000000',
    RATE_LIMIT_ANONYMOUS: '1000000',
    ...testRedisOverride(),
    ...overrides,
  });
}

export type TestContainer = Container & {
  clock: FixedClock;
  /** The local Stripe stand-in this container's gateway talks to (its own, per test file). */
  sandbox: StripeSandbox;
  /** With `cuttableDatabase`: the proxy its pool connects through, to cut and restore. */
  databaseProxy: DatabaseProxy | null;
  /** The database this container uses (another container may join it: `joinDatabaseUrl`). */
  databaseUrl: string;
  dropDatabase(): Promise<void>;
};

export async function createTestContainer(
  options: {
    now?: Date;
    config?: Record<string, string>;
    cuttableDatabase?: boolean;
    /** Another container's database, for a second "web process" on the same data (not dropped here). */
    joinDatabaseUrl?: string;
  } = {},
): Promise<TestContainer> {
  const db: TestDatabase = options.joinDatabaseUrl
    ? { url: options.joinDatabaseUrl, drop: async () => {} }
    : await createTestDatabase();
  const databaseProxy = options.cuttableDatabase ? await startDatabaseProxy(db.url) : null;
  const clock = new FixedClock(options.now ?? new Date('2026-03-15T15:00:00Z'));
  const sandbox = await startStripeSandbox({
    port: 0,
    webhookSecret: SANDBOX_WEBHOOK_SECRET,
    now: () => clock.now(),
    webhookRetryDelaysMs: [50, 100, 200],
  });
  const container = await createContainer({
    config: testConfig({
      STRIPE_SANDBOX_URL: sandbox.url,
      STRIPE_SANDBOX_PUBLIC_URL: sandbox.publicUrl,
      ...options.config,
    }),
    databaseUrl: databaseProxy?.url ?? db.url,
    logger: createLogger({ level: 'error' }),
    clock,
    poolMax: 8,
  });
  return Object.assign(container, {
    clock,
    sandbox,
    databaseProxy,
    databaseUrl: db.url,
    async dropDatabase() {
      await databaseProxy?.restore();
      await container.close();
      await sandbox.stop();
      await databaseProxy?.close();
      await db.drop();
    },
  });
}

export { startDatabaseProxy, type DatabaseProxy } from './database-proxy.ts';
export { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';
export { submitCard, TEST_CARDS } from './sandbox-checkout.ts';
export { loadTestBrowserConfig, type TestBrowserChoice } from '../config/test-browser.ts';
