// `pnpm bench` (part 2) — sending 10,000 messages through the worker: with the capture adapter and
// through a local Twilio stand-in, with one and with two worker processes; checks the configured
// send-rate limit is never exceeded.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createContainer, createLogger, loadConfig, migrateDatabase } from '@clinicpay/infrastructure';
import { seedDemoData, startStripeSandbox } from '@clinicpay/standins/dev';
import { startTwilioStandin } from '@clinicpay/standins/messaging';
import { benchDatabase } from './bench-db.ts';

const root = path.resolve(import.meta.dirname, '..');
const COUNT = Number(process.env.BENCH_MESSAGES ?? 10_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 40);
const ACCOUNT = 'AC' + '9'.repeat(32);
const TOKEN = 'bench-token';

const database = await benchDatabase('bench-msg');
const databaseUrl = database.url;
const sandbox = await startStripeSandbox({ port: 0, webhookSecret: 'whsec_bench' });
const twilio = await startTwilioStandin({ accountSid: ACCOUNT, authToken: TOKEN });
const db = new pg.Pool({ connectionString: databaseUrl, max: 3 });
const results: Array<[string, string]> = [];

try {
  await migrateDatabase(databaseUrl);
  const baseEnv = {
    DATABASE_URL: databaseUrl,
    STRIPE_SANDBOX_URL: sandbox.url,
    STRIPE_SANDBOX_PUBLIC_URL: sandbox.publicUrl,
    DEMO_SEED: 'false',
    LOG_LEVEL: 'error',
  };
  const container = await createContainer({
    config: loadConfig(baseEnv),
    databaseUrl,
    logger: createLogger({ level: 'error' }),
    poolMax: 3,
  });
  const demo = await seedDemoData(container, undefined);
  // One link to send about; patients enough that no weekly contact cap applies; any hour.
  const res = await (
    await import('@clinicpay/domain')
  ).createCheckoutLink(
    {
      organizationId: demo.organizationId,
      actor: { type: 'system', name: 'bench' },
      createdByUserId: null,
      requestId: null,
      patientId: demo.patientIds[0]!,
      amount: '20.00',
    },
    container.paymentDeps(),
  );
  if (!res.ok) throw res.error;
  await container.close();
  await db.query(
    `update organizations set settings = settings || '{"quietHoursStart":0,"quietHoursEnd":24,"contactCapPerWeek":1000000}'::jsonb`,
  );
  await db.query(
    `insert into patients (id, organization_id, name, email, phone) select gen_random_uuid(), $1, 'Bench ' || n, 'bench' || n || '@example.com', '+1415' || lpad(n::text, 7, '0') from generate_series(1, $2) n`,
    [demo.organizationId, COUNT],
  );
  // One link per patient, as a real bulk send makes (copies of the created one; no Stripe needed).
  await db.query(
    `insert into payment_links (id, organization_id, provider_id, patient_id, type, status, currency, amount_minor, line_items,
       short_code, expires_at, stripe_customer_id, session_count, created_at, updated_at)
     select gen_random_uuid(), l.organization_id, l.provider_id, p.id, 'CHECKOUT', 'ACTIVE', l.currency, l.amount_minor, l.line_items,
       substr(md5(random()::text || p.id::text), 1, 15), l.expires_at, l.stripe_customer_id, 0, now(), now()
       from payment_links l join patients p on p.organization_id = l.organization_id and p.name like 'Bench %' where l.id = $1`,
    [res.value.link.id],
  );

  async function run(label: string, channel: 'email' | 'sms', workers: number, env: Record<string, string>) {
    await db.query(`delete from messages`);
    await db.query(`delete from send_rate_buckets`);
    twilio.reset();
    await db.query(
      `insert into messages (id, organization_id, link_id, patient_id, channel, kind, reason, recipient, status, created_at, updated_at)
       select gen_random_uuid(), p.organization_id, l.id, p.id, $2, 'payment_request', 'bulk', case when $2 = 'sms' then p.phone else p.email end, 'queued', now(), now()
         from patients p join payment_links l on l.patient_id = p.id where p.organization_id = $1 and p.name like 'Bench %'`,
      [demo.organizationId, channel],
    );
    const children: ChildProcess[] = [];
    const t0 = performance.now();
    // As a bulk send queues them: batch jobs (array payloads) of the messages queued in the same
    // second; BENCH_BATCH of them (bulk link creation runs at about 40 a second).
    await db.query(
      `select graphile_worker.add_job('send-message', json_agg(json_build_object('messageId', id)), job_key => 'bench:' || chunk)
         from (select id, (row_number() over (order by id) - 1) / $1 as chunk from messages) m group by chunk`,
      [BATCH],
    );
    for (let i = 0; i < workers; i += 1) {
      children.push(
        spawn(
          path.join(root, 'node_modules/.bin/node'),
          [...(process.env.BENCH_WORKER_ARGS?.split(' ').filter(Boolean) ?? []), 'src/main.ts'],
          {
            cwd: path.join(root, 'apps/worker'),
            env: { PATH: process.env.PATH ?? '', ...baseEnv, ...env } as NodeJS.ProcessEnv,
            stdio: ['ignore', 'ignore', 'inherit'],
          },
        ),
      );
    }
    for (;;) {
      const { rows } = await db.query<{ n: string }>(
        `select count(*) as n from messages where status in ('queued', 'sending', 'scheduled')`,
      );
      if (Number(rows[0]!.n) === 0) break;
      if (performance.now() - t0 > 600_000) throw new Error(`${label}: not done in 10 minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - t0) / 1000;
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
    const { rows } = await db.query<{ status: string; n: string }>(
      `select status, count(*) as n from messages group by status`,
    );
    const statuses = rows.map((r) => `${r.status} ${r.n}`).join(', ');
    let extra = '';
    if (channel === 'sms') {
      const perSecond = new Map<number, number>();
      for (const m of twilio.messages()) {
        const second = Math.floor(new Date(m.dateCreated).getTime() / 1000);
        perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      }
      extra = `, busiest second ${Math.max(...perSecond.values())} sends (limit ${env.MESSAGE_SEND_RATE_PER_SECOND}/s)`;
    }
    const line = `${(COUNT / seconds).toFixed(0)} msg/s, ${seconds.toFixed(1)} s (${statuses}${extra})`;
    results.push([label, line]);
    console.log(`  ${label}: ${line}`);
  }

  console.log(`\nClinicPay messaging benchmarks — ${COUNT} messages, ${os.cpus().length} cores\n`);
  const capture = { MESSAGE_SEND_RATE_PER_SECOND: '1000000' };
  await run('capture adapter, 1 worker (email)', 'email', 1, capture);
  await run('capture adapter, 2 workers (email)', 'email', 2, capture);
  const twilioEnv = {
    TWILIO_ACCOUNT_SID: ACCOUNT,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_FROM_NUMBER: '+15005550006',
    TWILIO_API_BASE_URL: twilio.url,
    MESSAGE_SEND_RATE_PER_SECOND: '200',
  };
  await run('Twilio stand-in, 1 worker, limit 200/s (SMS)', 'sms', 1, twilioEnv);
  await run('Twilio stand-in, 2 workers, limit 200/s (SMS)', 'sms', 2, twilioEnv);
} finally {
  await db.end();
  await twilio.stop();
  await sandbox.stop();
  await database.stop();
}
console.log('\n| messaging benchmark | result |\n| --- | --- |');
for (const [name, value] of results) console.log(`| ${name} | ${value} |`);
