// Test support: a fresh database per test file, cloned from the migrated template that the global
// setup prepared, and a container wired to it with a controllable clock.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../config/config.ts';
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
  return loadConfig({ NODE_ENV: 'test', DEMO_SEED: 'false', ...overrides });
}

export type TestContainer = Container & { clock: FixedClock; dropDatabase(): Promise<void> };

export async function createTestContainer(
  options: { now?: Date; config?: Record<string, string> } = {},
): Promise<TestContainer> {
  const db = await createTestDatabase();
  const clock = new FixedClock(options.now ?? new Date('2026-03-15T15:00:00Z'));
  const container = await createContainer({
    config: testConfig(options.config),
    databaseUrl: db.url,
    logger: createLogger({ level: 'error' }),
    clock,
    poolMax: 5,
  });
  return Object.assign(container, {
    clock,
    async dropDatabase() {
      await container.close();
      await db.drop();
    },
  });
}
