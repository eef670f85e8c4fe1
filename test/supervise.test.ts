// The start command's supervision of its processes, with real child processes: a process that dies
// comes back (logged with its exit code or signal), one that crashes right at start is restarted
// ever more slowly up to a cap instead of spinning, one that stayed up a while gets the shortest
// delay again, and stopping waits for a clean stop — or kills a process that won't.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { childRun, supervise } from '../scripts/supervise.ts';

const node = path.resolve(import.meta.dirname, '../node_modules/.bin/node');
const run = (script: string) => async () => childRun(spawn(node, ['-e', script], { stdio: 'ignore' }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder() {
  const lines: string[] = [];
  return { lines, log: (m: string) => void lines.push(m) };
}

const delays = (lines: string[]) =>
  lines.flatMap((l) => {
    const m = /restarting in ([\d.]+) s$/.exec(l);
    return m ? [Number(m[1])] : [];
  });

describe('supervise', () => {
  it('restarts a process that was killed, and the new one runs', async () => {
    const { lines, log } = recorder();
    const web = await supervise({
      name: 'web',
      start: run('setInterval(() => {}, 1000)'),
      log,
      backoff: { initialMs: 100, maxMs: 1000, resetAfterMs: 10_000 },
    });
    const first = web.current()!;
    process.kill(first.pid!, 'SIGKILL');
    await first.exited;
    for (let i = 0; i < 100 && (web.current() === null || web.current() === first); i += 1) await sleep(20);
    const second = web.current()!;
    expect(second.pid).not.toBe(first.pid);
    expect(() => process.kill(second.pid!, 0)).not.toThrow();
    expect(lines).toEqual(['web exited unexpectedly (SIGKILL); restarting in 0.1 s']);
    expect(await web.stop()).toBe(true);
    await second.exited;
    expect(web.current()).toBeNull();
  });

  it('backs off a process that crashes at start, up to the cap, and stops retrying when stopped', async () => {
    const { lines, log } = recorder();
    const worker = await supervise({
      name: 'worker',
      start: run('process.exit(3)'),
      log,
      backoff: { initialMs: 50, maxMs: 400, resetAfterMs: 10_000 },
    });
    await sleep(2_500);
    expect(await worker.stop()).toBe(true);
    const seen = delays(lines);
    // 50, 100, 200, 400, 400, … ms: a handful of attempts in 2.5 s, not hundreds.
    expect(seen.slice(0, 4)).toEqual([0.05, 0.1, 0.2, 0.4]);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.length).toBeLessThanOrEqual(9);
    expect(new Set(seen.slice(3))).toEqual(new Set([0.4]));
    expect(lines.every((l) => l.startsWith('worker exited unexpectedly (code 3); restarting in'))).toBe(true);
    const after = lines.length;
    await sleep(600);
    expect(lines.length).toBe(after);
  });

  it('goes back to the shortest delay after a process stayed up long enough', async () => {
    const { lines, log } = recorder();
    const job = await supervise({
      name: 'job',
      start: run('setTimeout(() => process.exit(1), 250)'),
      log,
      backoff: { initialMs: 50, maxMs: 1000, resetAfterMs: 200 },
    });
    // Three restarts at least; each child's own start-up (Node's) is slower on a loaded machine.
    for (const deadline = Date.now() + 15_000; delays(lines).length < 3 && Date.now() < deadline;)
      await sleep(100);
    await job.stop();
    expect(delays(lines).length).toBeGreaterThanOrEqual(3);
    expect(new Set(delays(lines))).toEqual(new Set([0.05]));
  });

  it('kills a process that does not stop in time, and says so', async () => {
    const { lines, log } = recorder();
    const stubborn = await supervise({
      name: 'stubborn',
      start: run("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"),
      log,
      stopTimeoutMs: 300,
    });
    await sleep(300); // let it install its handler
    const pid = stubborn.current()!.pid!;
    expect(await stubborn.stop()).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(lines).toEqual(['stubborn did not stop within 0.3 s; killing it']);
  });
});
