// A worker killed (SIGKILL) in the middle of a 200-message bulk send, then restarted: every message
// ends sent or failed exactly once, and no patient receives a text twice. Submitting the same batch
// again sends nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBulkSend } from '@clinicpay/domain';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { startTwilioStandin, type TwilioStandin } from '@clinicpay/standins/messaging';

const root = path.resolve(import.meta.dirname, '..');
const ACCOUNT = 'AC' + '3'.repeat(32);
const TOKEN = 'crash-test-token';
const COUNT = 200;
let c: TestContainer;
let demo: DemoCredentials;
let twilio: TwilioStandin;
let worker: ChildProcess | null = null;

function startWorker(): ChildProcess {
  const child = spawn(path.join(root, 'node_modules/.bin/node'), ['src/main.ts'], {
    cwd: path.join(root, 'apps/worker'),
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: c.orm.config.get('clientUrl') as string,
      LOG_LEVEL: 'error',
      DEMO_SEED: 'false',
      STRIPE_SANDBOX_URL: c.sandbox.url,
      STRIPE_SANDBOX_PUBLIC_URL: c.sandbox.publicUrl,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM_NUMBER: '+15005550006',
      TWILIO_API_BASE_URL: twilio.url,
      MESSAGE_SEND_RATE_PER_SECOND: '60',
    } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function statuses(
  batchId: string,
): Promise<Array<{ id: string; status: string; recipient: string; provider_message_id: string | null }>> {
  return c
    .scope()
    .em.execute(`select id, status, recipient, provider_message_id from messages where bulk_batch_id = ?`, [
      batchId,
    ]);
}

beforeAll(async () => {
  twilio = await startTwilioStandin({ accountSid: ACCOUNT, authToken: TOKEN });
  c = await createTestContainer({ now: new Date() });
  demo = await seedDemoData(c, undefined);
  // Sending hours all day for this test: it runs at any hour of the real clock.
  await c
    .scope()
    .em.execute(
      `update organizations set settings = settings || '{"quietHoursStart":0,"quietHoursEnd":24}'::jsonb where id = ?`,
      [demo.organizationId],
    );
  await c.scope().em.execute(
    `insert into patients (id, organization_id, name, phone, sms_consent)
     select gen_random_uuid(), ?, 'Bulk patient ' || n, '+1415867' || lpad(n::text, 4, '0'), true from generate_series(1, ?) n`,
    [demo.organizationId, COUNT],
  );
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await c.dropDatabase();
  await twilio.stop();
});

describe('a worker killed mid-bulk', () => {
  it('ends with every message sent or failed exactly once and none duplicated at the provider', async () => {
    const rows = Array.from({ length: COUNT }, (_, i) => ({
      patient: `+1415867${String(i + 1).padStart(4, '0')}`,
      amount: '12.00',
      channel: 'sms',
    }));
    const request = {
      organizationId: demo.organizationId,
      actor: { type: 'system', name: 'test' } as const,
      createdByUserId: null,
      requestId: null,
      idempotencyKey: 'crash-test-batch-1',
      rows,
      skipInvalid: false,
    };
    const started = await startBulkSend(request, c.bulkDeps());
    if (!started.ok) throw started.error;
    const batchId = started.value.batch.id;

    worker = startWorker();
    const deadline = Date.now() + 60_000;
    while (twilio.messages().length < 40 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    worker.kill('SIGKILL');
    await new Promise((r) => worker!.once('exit', r));
    const sentBeforeCrash = twilio.messages().length;
    expect(sentBeforeCrash).toBeGreaterThanOrEqual(40);
    expect(sentBeforeCrash).toBeLessThan(COUNT);

    worker = startWorker();
    let final: Awaited<ReturnType<typeof statuses>> = [];
    while (Date.now() < deadline + 30_000) {
      final = await statuses(batchId);
      if (final.length === COUNT && final.every((m) => m.status === 'sent' || m.status === 'failed')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    worker.kill('SIGTERM');
    await new Promise((r) => worker!.once('exit', r));
    worker = null;

    expect(final).toHaveLength(COUNT);
    expect(final.filter((m) => m.status !== 'sent' && m.status !== 'failed')).toEqual([]);
    expect(new Set(final.map((m) => m.recipient)).size).toBe(COUNT);
    const perRecipient = new Map<string, number>();
    for (const m of twilio.messages()) perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1);
    expect([...perRecipient.values()].filter((n) => n > 1)).toEqual([]);
    const providerIds = new Set(twilio.messages().map((m) => m.sid));
    for (const m of final.filter((x) => x.status === 'sent'))
      expect(providerIds.has(m.provider_message_id!)).toBe(true);

    const again = await startBulkSend(request, c.bulkDeps());
    expect(again.ok && again.value.duplicate).toBe(true);
    expect(await statuses(batchId)).toHaveLength(COUNT);
  }, 180_000);
});
