// The worker runs jobs enqueued inside application transactions, and its heartbeat reaches /readyz.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner } from 'graphile-worker';
import { lastHeartbeat } from '@clinicpay/infrastructure';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { startWorker } from '../src/worker.ts';

let c: TestContainer;
let runner: Runner;

beforeAll(async () => {
  c = await createTestContainer({ now: new Date('2026-05-01T12:00:00Z') });
  // Without the cron items: the every-minute heartbeat would otherwise land whenever the wall clock
  // turns a minute, and this test must know which job wrote the heartbeat it reads.
  runner = await startWorker(c, { concurrency: 1, schedules: false });
});
afterAll(async () => {
  await runner.stop();
  await c.dropDatabase();
});

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('worker', () => {
  it('beats at start', async () => {
    expect(await lastHeartbeat(c.scope().em)).toEqual(new Date('2026-05-01T12:00:00Z'));
  });

  it('runs a job committed with a transaction, and never one whose transaction rolled back', async () => {
    c.clock.set(new Date('2026-05-01T12:05:00Z'));
    await expect(
      c.transaction(async (scope) => {
        await scope.jobs.enqueue('heartbeat', {});
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await lastHeartbeat(c.scope().em)).toEqual(new Date('2026-05-01T12:00:00Z'));

    await c.transaction((scope) => scope.jobs.enqueue('heartbeat', {}));
    const beat = await eventually(
      () => lastHeartbeat(c.scope().em),
      (d) => d?.getTime() === new Date('2026-05-01T12:05:00Z').getTime(),
    );
    expect(beat).toEqual(new Date('2026-05-01T12:05:00Z'));
  });
});
