// What `npm start` does for each process it runs (ARCHITECTURE.md decision 11): a process that dies
// without being asked to is logged (exit code or signal) and started again, after a delay that
// doubles with every quick death up to a cap — a process that crashes right at start never spins
// hot — and goes back to the shortest once it has stayed up a while. The others keep running.
// Stopping one asks it to stop (SIGTERM) and waits; one that will not stop in time is killed.
import type { ChildProcess } from 'node:child_process';

/** One run of a supervised process. */
export type Running = {
  pid: number | null;
  /** Settles when this run ends, however it ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Asks this run to stop cleanly; resolves once it has. */
  stop(): Promise<void>;
  /** The last resort when stop() takes too long. */
  kill(): void;
};

export type Backoff = { initialMs: number; maxMs: number; resetAfterMs: number };

export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000, resetAfterMs: 60_000 };

export type Supervised = {
  current(): Running | null;
  /** Stops it for good; false when it had to be killed. */
  stop(): Promise<boolean>;
};

/** A child process as a supervised run: SIGTERM to stop, SIGKILL to kill. */
export function childRun(child: ChildProcess): Running {
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    pid: child.pid ?? null,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: () => void child.kill('SIGKILL'),
  };
}

/**
 * Starts a process (or takes `running`, one already started) and keeps it running until stop().
 * The first start's failure is thrown: nothing was up yet, so the caller reports it.
 */
export async function supervise(options: {
  name: string;
  running?: Running;
  start: () => Promise<Running>;
  log: (message: string) => void;
  backoff?: Backoff;
  stopTimeoutMs?: number;
}): Promise<Supervised> {
  const { name, log } = options;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let running: Running | null = null;
  let starting: Promise<void> | null = null;
  let stopping = false;
  let quickDeaths = 0;
  let timer: NodeJS.Timeout | null = null;

  const scheduleRestart = (why: string, upMs: number) => {
    if (upMs >= backoff.resetAfterMs) quickDeaths = 0;
    const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** quickDeaths);
    quickDeaths += 1;
    log(`${name} ${why}; restarting in ${Number((delay / 1000).toFixed(2))} s`);
    timer = setTimeout(() => {
      timer = null;
      starting = restart().finally(() => (starting = null));
    }, delay);
  };

  const watch = (run: Running) => {
    const startedAt = Date.now();
    running = run;
    void run.exited.then(({ code, signal }) => {
      if (running === run) running = null;
      if (!stopping)
        scheduleRestart(`exited unexpectedly (${signal ?? `code ${code}`})`, Date.now() - startedAt);
    });
  };

  const restart = async () => {
    let run: Running;
    try {
      run = await options.start();
    } catch (error) {
      if (!stopping)
        scheduleRestart(`failed to start (${error instanceof Error ? error.message : String(error)})`, 0);
      return;
    }
    watch(run);
  };

  watch(options.running ?? (await options.start()));

  return {
    current: () => running,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await starting; // a restart under way finishes first, so nothing is left running
      const run = running;
      if (!run) return true;
      const timeoutMs = options.stopTimeoutMs ?? 10_000;
      let killed = false;
      const killer = setTimeout(() => {
        killed = true;
        log(`${name} did not stop within ${timeoutMs / 1000} s; killing it`);
        run.kill();
      }, timeoutMs);
      await Promise.all([run.stop().catch(() => {}), run.exited]);
      clearTimeout(killer);
      return !killed;
    },
  };
}
