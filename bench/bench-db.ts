// What every benchmark needs first: a throwaway database (a fresh one on the server in
// DATABASE_URL, dropped afterwards, or an embedded PostgreSQL in a temporary directory), a free
// port finder and percentiles.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase, startEmbeddedPostgres } from '@clinicpay/standins/dev';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export type BenchDatabase = {
  url: string;
  tmp: string;
  /** Which PostgreSQL, for the benchmarks' headers. */
  label: 'DATABASE_URL' | 'embedded PostgreSQL';
  stop(): Promise<void>;
};

export async function benchDatabase(prefix: string): Promise<BenchDatabase> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), `clinicpay-${prefix}-`));
  await chmod(tmp, 0o755);
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `clinicpay_${prefix.replace(/\W/g, '_')}_${Date.now()}`;
    const admin = new URL(server);
    admin.pathname = '/postgres';
    await ensureDatabase(admin.toString(), name);
    const url = new URL(server);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      tmp,
      label: 'DATABASE_URL',
      async stop() {
        const client = new pg.Client({ connectionString: admin.toString() });
        await client.connect();
        await client.query(`drop database if exists "${name}" with (force)`);
        await client.end();
        await rm(tmp, { recursive: true, force: true });
      },
    };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: await freePort() });
  await ensureDatabase(embedded.adminUrl, 'clinicpay');
  return {
    url: embedded.databaseUrl('clinicpay'),
    tmp,
    label: 'embedded PostgreSQL',
    async stop() {
      await embedded.stop();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Budgets no benchmark meets: every request is still counted by the rate limiter (its cost is in the
 * figures), but a load generator is never turned away with a 429. bench/rate-limits.ts compares
 * with limits off.
 */
export const BENCH_BUDGETS = {
  RATE_LIMIT_READS: '1000000',
  RATE_LIMIT_WRITES: '1000000',
  RATE_LIMIT_EXPORTS: '1000000',
  RATE_LIMIT_ANONYMOUS: '1000000',
} as const;

/** The production web server as its own process (built first if its sources changed). */
export async function startWebServer(
  env: Record<string, string>,
  port: number,
): Promise<{ child: ChildProcess; base: string; stop(): Promise<void> }> {
  const root = path.resolve(import.meta.dirname, '..');
  const child = spawn(process.execPath, ['server.ts'], {
    cwd: path.join(root, 'apps/web'),
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    base,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** A process's resident memory now and its peak so far, in MB (Linux /proc). */
export async function memoryOf(pid: number): Promise<{ rssMb: number; peakMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}
