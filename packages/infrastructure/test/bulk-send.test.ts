// Bulk sending at the use-case level: every row validated before anything is sent, idempotent
// batches, links and messages created by the job, and the shared send-rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getBulkProgress,
  runBulkBatch,
  sendMessage,
  sendMessages,
  startBulkSend,
  validateBulkRows,
} from '@clinicpay/domain';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { PgSendRateLimiter } from '../src/repositories/messaging-repositories.ts';
import { GraphileJobQueue } from '../src/jobs/graphile-job-queue.ts';

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

describe('what a bulk send is checked for, and what it reports', () => {
  it('checks each row by the send rules, a patient’s rows sharing their weekly cap, and lists the links made', async () => {
    const hannah = demo.patientIds[8]!; // email and phone
    const luis = demo.patientIds[7]!; // email only
    const batch = [
      { patient: hannah, amount: '10', channel: 'email' },
      { patient: hannah, amount: '11', channel: 'both' },
      { patient: hannah, amount: '12', channel: 'email' }, // the 4th message this week
      { patient: luis, amount: '13', channel: 'sms' },
    ];
    const report = await validateBulkRows(demo.organizationId, batch, 'USD', c.bulkDeps());
    const plan = (i: number) => report[i]!.messages.map((m) => [m.channel, m.status, m.refusedReason]);
    expect(report.map((r) => r.ok)).toEqual([true, true, false, true]);
    expect(plan(1)).toEqual([
      ['email', 'queued', null],
      ['sms', 'queued', null],
    ]);
    expect(report[2]!.errors).toEqual([
      { field: 'rows[3].channel', message: 'Cannot send: contact limit reached (3 messages a week)' },
    ]);
    // A text to a patient with no phone goes by email instead, as sending does — and says so.
    expect(plan(3)).toEqual([
      ['sms', 'refused', 'the patient has no mobile number'],
      ['email', 'queued', null],
    ]);
    expect(report[3]!.messages[1]!.reason).toBe('fallback');

    const started = await startBulkSend(
      {
        organizationId: demo.organizationId,
        actor,
        createdByUserId: null,
        requestId: null,
        idempotencyKey: 'cap-aware-batch-1',
        rows: batch,
        skipInvalid: true,
      },
      c.bulkDeps(),
    );
    if (!started.ok) throw started.error;
    const batchId = started.value.batch.id;
    await runBulkBatch({ organizationId: demo.organizationId, batchId, actor }, c.bulkDeps());
    const progress = await getBulkProgress(
      { organizationId: demo.organizationId, batchId, offset: 0, limit: 50 },
      c.bulkDeps(),
    );
    if (!progress.ok) throw progress.error;
    expect(
      progress.value.rows.map((r) => [
        r.row,
        r.patientName,
        r.link?.shortUrl.split('/go/')[0] ?? null,
        r.skipReason,
        r.messages.map((m) => `${m.channel}:${m.status}`).sort(),
      ]),
    ).toEqual([
      [1, 'Hannah Schultz', 'http://localhost:3000', null, ['email:queued']],
      [2, 'Hannah Schultz', 'http://localhost:3000', null, ['email:queued', 'sms:queued']],
      [3, 'Hannah Schultz', null, 'Cannot send: contact limit reached (3 messages a week)', []],
      [4, 'Luis Ortega', 'http://localhost:3000', null, ['email:queued', 'sms:refused']],
    ]);
    expect(progress.value.linksCreated).toBe(3);
  });
});

describe('batch send jobs', () => {
  it('a bulk send queues its messages as one batch job, which follows every rule a single send does', async () => {
    const [priya, samira, jordan] = [demo.patientIds[1]!, demo.patientIds[4]!, demo.patientIds[0]!];
    const started = await startBulkSend(
      {
        organizationId: demo.organizationId,
        actor,
        createdByUserId: null,
        requestId: null,
        idempotencyKey: 'batch-jobs-1',
        rows: [
          { patient: priya, amount: '12.00', channel: 'sms' },
          { patient: samira, amount: '13.00', channel: 'sms' },
          { patient: jordan, amount: '14.00', channel: 'both' },
        ],
        skipInvalid: false,
      },
      c.bulkDeps(),
    );
    if (!started.ok) throw started.error;
    const batchId = started.value.batch.id;
    await runBulkBatch({ organizationId: demo.organizationId, batchId, actor }, c.bulkDeps());
    const em = c.scope().em;
    const messages = await em.execute<Array<{ id: string; patient_id: string; channel: string }>>(
      `select id, patient_id, channel from messages where bulk_batch_id = ? order by created_at, id`,
      [batchId],
    );
    expect(messages).toHaveLength(4);
    const jobs = await em.execute<Array<{ payload: Array<{ messageId: string }> }>>(
      `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'send-message' and j.key like ?`,
      [`bulk-send:${batchId}:%`],
    );
    // Queued within milliseconds: one job, or two if a second of the database clock ended between them.
    expect(jobs.length).toBeLessThanOrEqual(2);
    expect(jobs.flatMap((j) => j.payload.map((p) => p.messageId)).sort()).toEqual(
      messages.map((m) => m.id).sort(),
    );

    const id = (patient: string, channel: string) =>
      messages.find((m) => m.patient_id === patient && m.channel === channel)!.id;
    // Between queueing and sending: Priya texts STOP, Samira is in Tokyo (midnight there), and
    // another job is already handing over Jordan's text.
    await em.execute(`update patients set sms_opted_out_at = now() where id = ?`, [priya]);
    await em.execute(`update patients set time_zone = 'Asia/Tokyo' where id = ?`, [samira]);
    await em.execute(`update messages set status = 'sending', attempts = 1 where id = ?`, [
      id(jordan, 'sms'),
    ]);

    const ids = messages.map((m) => m.id);
    const outcomes = await sendMessages(ids, c.messagingDeps(), { rerun: false });
    expect(Object.fromEntries(outcomes)).toEqual({
      [id(priya, 'sms')]: 'refused',
      [id(samira, 'sms')]: 'scheduled',
      [id(jordan, 'email')]: 'sent',
      [id(jordan, 'sms')]: 'skipped',
    });
    const after = await em.execute<
      Array<{
        patient_id: string;
        channel: string;
        status: string;
        reason: string;
        fallback_reason: string | null;
        scheduled_for: Date | null;
      }>
    >(
      `select patient_id, channel, status, reason, fallback_reason, scheduled_for from messages
        where patient_id in (?, ?, ?) and (bulk_batch_id = ? or fallback_of_message_id in (select id from messages where bulk_batch_id = ?))
        order by patient_id, channel`,
      [priya, samira, jordan, batchId, batchId],
    );
    const byKey = Object.fromEntries(after.map((m) => [`${m.patient_id}:${m.channel}`, m]));
    expect(byKey[`${priya}:email`]).toMatchObject({ status: 'queued', reason: 'fallback' });
    expect(byKey[`${priya}:email`]!.fallback_reason).toMatch(/opted out/);
    expect(byKey[`${samira}:sms`]!.status).toBe('scheduled');
    expect(new Date(byKey[`${samira}:sms`]!.scheduled_for!).toISOString()).toBe('2026-03-16T23:00:00.000Z'); // 8:00 in Tokyo
    expect(byKey[`${jordan}:sms`]!.status).toBe('sending');

    // Jordan's email: sent once, and the link, its timeline and the audit log say so.
    const jordanLink = await em.execute<
      Array<{ id: string; sent_via_email: boolean; recipient_email: string }>
    >(
      `select l.id, l.sent_via_email, l.recipient_email from payment_links l join messages m on m.link_id = l.id where m.id = ?`,
      [id(jordan, 'email')],
    );
    expect(jordanLink[0]).toMatchObject({
      sent_via_email: true,
      recipient_email: 'jordan.rivera@example.com',
    });
    const trail = await em.execute<Array<{ n: string }>>(
      `select (select count(*) from link_events where link_id = ? and type = 'sent') +
              (select count(*) from audit_log where entity_id = ?::text and action = 'link.send') as n`,
      [jordanLink[0]!.id, jordanLink[0]!.id],
    );
    expect(Number(trail[0]!.n)).toBe(2);

    // The job runs again (its first attempt died): what is done stays done; the text it left
    // `sending` goes out (the capture provider drops a repeat, so resending is safe).
    const rerun = await sendMessages(ids, c.messagingDeps(), { rerun: true });
    expect(rerun.get(id(jordan, 'email'))).toBe('skipped');
    expect(rerun.get(id(jordan, 'sms'))).toBe('sent');
    const handedOver = await em.execute<Array<{ channel: string; attempts: number; n: string }>>(
      `select m.channel, m.attempts, (select count(*) from captured_messages c where c.idempotency_key = 'message:' || m.id) as n
         from messages m where m.id in (?, ?) order by m.channel`,
      [id(jordan, 'email'), id(jordan, 'sms')],
    );
    expect(handedOver.map((m) => `${m.channel} ${m.attempts} ${m.n}`)).toEqual(['email 1 1', 'sms 1 1']);
  });
  it('never adds a message to a batch job a worker may be running, so a crash there strands nothing', async () => {
    const em = c.scope().em;
    const queue = new GraphileJobQueue(em);
    const key = `crash-race-${Date.now()}`;
    const jobsUnder = () =>
      em.execute<
        Array<{
          id: string;
          payload: Array<{ messageId: string }>;
          attempts: number;
          max_attempts: number;
          ready: boolean;
        }>
      >(
        `select id, payload, attempts, max_attempts, run_at <= now() as ready from graphile_worker._private_jobs
          where key like ? order by id`,
        [`${key}:%`],
      );
    await queue.enqueue('send-message', [{ messageId: 'first' }], { batchKey: key, maxAttempts: 5 });
    const [job] = await jobsUnder();
    expect(job!.ready).toBe(false); // not before two seconds from now
    // Once due, a worker picks it up and dies holding it; meanwhile another message is queued.
    await expect.poll(async () => (await jobsUnder())[0]!.ready, { timeout: 4000, interval: 100 }).toBe(true);
    await em.execute(
      `update graphile_worker._private_jobs set locked_at = now(), locked_by = 'dead-worker', attempts = attempts + 1 where id = ?`,
      [job!.id],
    );
    await queue.enqueue('send-message', [{ messageId: 'second' }], { batchKey: key, maxAttempts: 5 });
    await em.execute(`select graphile_worker.force_unlock_workers(array['dead-worker'])`);
    const after = await jobsUnder();
    // The first job keeps its retries (graphile-worker strips them from a running job that gets a new
    // item), and the second message waits in a job of its own.
    expect(after.map((j) => [j.payload.map((p) => p.messageId), j.attempts < j.max_attempts])).toEqual([
      [['first'], true],
      [['second'], true],
    ]);
  });
});

describe('send rate limit', () => {
  it('never grants more than the configured rate in any second, across callers', async () => {
    const org = demo.otherOrganization.organizationId;
    const start = new Date('2026-03-16T16:00:00Z').getTime();
    // Twenty callers at the same instant share one small burst.
    const takes = await Promise.all(
      Array.from({ length: 20 }, () => new PgSendRateLimiter(c.scope().em).take(org, new Date(start), 20)),
    );
    const first = takes.filter((t) => t.ok).length;
    expect(first).toBe(1); // the bucket holds a twentieth of a second's worth
    const refused = takes.find((t) => !t.ok);
    expect(refused && !refused.ok && refused.retryAt.getTime()).toBeGreaterThan(start);
    // Then three seconds of eager callers, every 10 ms, each wanting three sends at once.
    const perSecond = new Map<number, number>([[0, first]]);
    for (let ms = 10; ms < 3000; ms += 10) {
      const slot = await new PgSendRateLimiter(c.scope().em).takeUpTo(org, new Date(start + ms), 20, 3);
      const second = Math.floor(ms / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + slot.granted);
    }
    for (const granted of perSecond.values()) expect(granted).toBeLessThanOrEqual(20);
    const total = [...perSecond.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(40); // 80% of the limit, less the first burst
  });
});
