// Bulk sending at the use-case level: every row validated before anything is sent, idempotent
// batches, links and messages created by the job, and the shared send-rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBulkBatch, sendMessage, startBulkSend, validateBulkRows } from '@clinicpay/domain';
import { seedDemoData, type DemoCredentials } from '../src/dev/demo-seed.ts';
import { createTestContainer, type TestContainer } from '../src/testing/index.ts';
import { PgSendRateLimiter } from '../src/repositories/messaging-repositories.ts';

let c: TestContainer;
let demo: DemoCredentials;
const actor = { type: 'system', name: 'test' } as const;

beforeAll(async () => {
  c = await createTestContainer({ now: new Date('2026-03-16T15:00:00Z') });
  demo = await seedDemoData(c, undefined);
});
afterAll(async () => {
  await c.dropDatabase();
});

const rows = () => [
  { patient: 'jordan.rivera@example.com', amount: '25.00', description: 'Copay', channel: 'email' },
  { patient: '(202) 555-0114', amount: 40, channel: 'sms' }, // Elena Novak, by phone in national format
  { patient: demo.patientIds[2]!, amount: '10.5', channel: 'both' }, // Marcus Chen: email only → email
  { patient: 'nobody@example.com', amount: '-3', channel: 'fax' },
];

describe('bulk send', () => {
  it('reports every bad field of every row, and sends nothing while any row is bad', async () => {
    const report = await validateBulkRows(demo.organizationId, rows(), 'USD', c.bulkDeps());
    expect(report.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(report[3]!.errors.map((e) => e.field)).toEqual([
      'rows[4].patient',
      'rows[4].amount',
      'rows[4].channel',
    ]);
    const refused = await startBulkSend(
      {
        organizationId: demo.organizationId,
        actor,
        createdByUserId: null,
        requestId: null,
        idempotencyKey: 'batch-refused-1',
        rows: rows(),
        skipInvalid: false,
      },
      c.bulkDeps(),
    );
    expect(refused.ok).toBe(false);
    const batches = await c
      .scope()
      .em.execute(`select 1 from bulk_batches where organization_id = ?`, [demo.organizationId]);
    expect(batches).toHaveLength(0);
  });

  it('sends the valid rows, once, however often the batch is submitted or its job runs', async () => {
    const submit = () =>
      startBulkSend(
        {
          organizationId: demo.organizationId,
          actor,
          createdByUserId: null,
          requestId: null,
          idempotencyKey: 'march-statements-2026',
          rows: rows(),
          skipInvalid: true,
        },
        c.bulkDeps(),
      );
    const first = await submit();
    if (!first.ok) throw first.error;
    expect(first.value).toMatchObject({ duplicate: false });
    await runBulkBatch(
      { organizationId: demo.organizationId, batchId: first.value.batch.id, actor },
      c.bulkDeps(),
    );
    await runBulkBatch(
      { organizationId: demo.organizationId, batchId: first.value.batch.id, actor },
      c.bulkDeps(),
    );
    const second = await submit();
    if (!second.ok) throw second.error;
    expect(second.value).toMatchObject({ duplicate: true, batch: { id: first.value.batch.id } });

    const links = await c
      .scope()
      .em.execute<Array<{ amount_minor: number }>>(
        `select amount_minor from payment_links where metadata->>'bulk_batch_id' = ? order by amount_minor`,
        [first.value.batch.id],
      );
    expect(links.map((l) => l.amount_minor)).toEqual([1050, 2500, 4000]);
    const messages = await c
      .scope()
      .em.execute<Array<{ id: string; channel: string; recipient: string }>>(
        `select id, channel, recipient from messages where bulk_batch_id = ? and status <> 'refused' order by recipient`,
        [first.value.batch.id],
      );
    expect(messages.map((m) => `${m.channel}:${m.recipient}`)).toEqual([
      'sms:+12025550114',
      'email:jordan.rivera@example.com',
      'email:marcus.chen@example.com',
    ]);
    for (const m of messages) expect(await sendMessage(m.id, c.messagingDeps())).toBe('sent');
    const counts = await c.bulkDeps().bulk.messageCounts(demo.organizationId, first.value.batch.id);
    expect(counts).toEqual({ sent: 3, refused: 1 }); // Marcus has no phone: "both" became email, the SMS is refused with the reason
  });
});

describe('send rate limit', () => {
  it('grants at most the configured rate per second to one organization, across callers', async () => {
    const limiter = new PgSendRateLimiter(c.scope().em);
    const at = new Date('2026-03-16T16:00:00Z');
    const takes = await Promise.all(
      Array.from({ length: 20 }, () =>
        new PgSendRateLimiter(c.scope().em).take(demo.otherOrganization.organizationId, at, 5),
      ),
    );
    expect(takes.filter((t) => t.ok)).toHaveLength(5);
    const later = await limiter.take(demo.otherOrganization.organizationId, new Date(at.getTime() + 1000), 5);
    expect(later.ok).toBe(true);
    const refused = takes.find((t) => !t.ok);
    expect(refused && !refused.ok && refused.retryAt.getTime()).toBeGreaterThan(at.getTime());
  });
});
