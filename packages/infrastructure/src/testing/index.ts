// Test support: a fresh database per test file, cloned from the migrated template that the global
// setup prepared, and a container wired to it with a controllable clock.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, SANDBOX_WEBHOOK_SECRET, type Config } from '../config/config.ts';
import { startStripeSandbox, type StripeSandbox } from '../stripe-sandbox/index.ts';
import { createContainer, type Container } from '../container.ts';
import { createLogger } from '../logging/logger.ts';
import { FixedClock } from '../security/system.ts';

export { FixedClock };

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
  return loadConfig({
    NODE_ENV: 'test',
    DEMO_SEED: 'false',
    MESSAGE_SEND_RATE_PER_SECOND: '10000',
    ...overrides,
  });
}

export type TestContainer = Container & {
  clock: FixedClock;
  /** The local Stripe stand-in this container's gateway talks to (its own, per test file). */
  sandbox: StripeSandbox;
  dropDatabase(): Promise<void>;
};

export async function createTestContainer(
  options: { now?: Date; config?: Record<string, string> } = {},
): Promise<TestContainer> {
  const db = await createTestDatabase();
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
    databaseUrl: db.url,
    logger: createLogger({ level: 'error' }),
    clock,
    poolMax: 8,
  });
  return Object.assign(container, {
    clock,
    sandbox,
    async dropDatabase() {
      await container.close();
      await sandbox.stop();
      await db.drop();
    },
  });
}

export { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';
export { submitCard, TEST_CARDS } from './sandbox-checkout.ts';
