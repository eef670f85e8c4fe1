// One PostgreSQL for the whole run — embedded (a throwaway cluster) or the server in DATABASE_URL —
// with a migrated template database. Each test file clones the template into a database of its own,
// so files run in parallel without touching each other's rows.
import { mkdtemp, chmod, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '@clinicpay/infrastructure';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@clinicpay/standins/dev';
import { buildWebIfStale } from '../scripts/build-web.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

let embedded: EmbeddedPostgres | null = null;
let tempDir: string | null = null;
let adminUrl = '';
let template = '';

export async function setup(project: TestProject) {
  // Built once, here: test files that serve the Remix app must not race to build it.
  buildWebIfStale();
  const external = process.env.DATABASE_URL;
  if (external) {
    const url = new URL(external);
    url.pathname = '/postgres';
    adminUrl = url.toString();
  } else {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'clinicpay-test-'));
    await chmod(tempDir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'pg'), port: await freePort() });
    adminUrl = embedded.adminUrl;
  }
  template = `clinicpay_template_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${template}"`);
  } finally {
    await admin.end();
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  await migrateDatabase(templateUrl.toString());
  project.provide('testDb', { adminUrl, template });
}

export async function teardown() {
  if (adminUrl && template) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`drop database if exists "${template}" with (force)`);
    } finally {
      await admin.end();
    }
  }
  if (embedded) await embedded.stop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
}
