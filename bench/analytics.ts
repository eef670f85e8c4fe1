// `pnpm bench:analytics` — analytics at scale: two organizations of BENCH_LINKS links (100,000) and
// BENCH_CLICKS clicks (1,000,000) each, made by the demo-data generator; then per-link analytics,
// the organization dashboard for 90 days, and a CSV export of every link over real HTTP (the REST
// route, streamed), with the memory it took; then the dashboard's home page and links list as a
// signed-in admin gets them from the production build, and the JavaScript their first load ships.
import os from 'node:os';
import pg from 'pg';
import { createApiKey, getLinkAnalytics, getOrganizationAnalytics, localDate, User } from '@clinicpay/domain';
import { createContainer, createLogger, loadConfig, migrateDatabase } from '@clinicpay/infrastructure';
import { startStripeSandbox } from '@clinicpay/standins/dev';
import { buildWebIfStale } from '../scripts/build-web.ts';
import { generateDemoData } from '../scripts/generate-demo-data.ts';
import { BENCH_BUDGETS, benchDatabase, freePort, memoryOf, percentile, startWebServer } from './bench-db.ts';
import { benchDashboardPages, signInCookie } from './dashboard-pages.ts';

const LINKS = Number(process.env.BENCH_LINKS ?? 100_000);
const CLICKS = Number(process.env.BENCH_CLICKS ?? LINKS * 10);
const results: Array<[string, string, string]> = [];
const report = (name: string, value: string, goal: string) => {
  results.push([name, value, goal]);
  console.log(`  ${name}: ${value}   (goal ${goal})`);
};
const ms = (v: number) => `${v.toFixed(1)} ms`;

const database = await benchDatabase('bench-analytics');
const pool = new pg.Pool({ connectionString: database.url, max: 4 });
console.log(
  `\nClinicPay analytics benchmarks — ${os.cpus().length} cores, Node ${process.version}, ${database.label}\n`,
);
try {
  await migrateDatabase(database.url);
  const t0 = performance.now();
  const generated = await generateDemoData(pool, { links: LINKS, clicks: CLICKS, organizations: 2, seed: 7 });
  const [orgId, otherOrgId] = generated.organizationIds as [string, string];
  report(
    'generate 2 organizations',
    `${LINKS.toLocaleString('en-US')} links + ${CLICKS.toLocaleString('en-US')} clicks each in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    'realistic data',
  );

  const container = await createContainer({
    config: loadConfig({ DATABASE_URL: database.url, DEMO_SEED: 'false', LOG_LEVEL: 'error' }),
    databaseUrl: database.url,
    logger: createLogger({ level: 'error' }),
    poolMax: 4,
  });
  try {
    const deps = () => container.requestDeps().analytics;
    // Per-link analytics for links picked at random (the busiest included).
    const { rows: picks } = await pool.query<{ id: string }>(
      `(select id from payment_links where organization_id = $1 order by random() limit 200)
       union all (select id from payment_links where organization_id = $1 order by click_count desc limit 10)`,
      [orgId],
    );
    for (const p of picks.slice(0, 10))
      await getLinkAnalytics({ organizationId: orgId, linkId: p.id }, deps()); // warm-up
    const perLink: number[] = [];
    for (const p of picks) {
      const s = performance.now();
      const r = await getLinkAnalytics({ organizationId: orgId, linkId: p.id }, deps());
      perLink.push(performance.now() - s);
      if (!r.ok) throw r.error;
    }
    report(
      'per-link analytics',
      `p50 ${ms(percentile(perLink, 50))}, p95 ${ms(percentile(perLink, 95))}, max ${ms(Math.max(...perLink))} (${perLink.length} links)`,
      'p95 ≤ 20 ms',
    );

    // The organization dashboard for the last 90 days.
    const { rows: tz } = await pool.query<{ time_zone: string }>(
      `select time_zone from organizations where id = $1`,
      [orgId],
    );
    const to = localDate(new Date(), tz[0]!.time_zone);
    const from = new Date(new Date(`${to}T00:00:00Z`).getTime() - 89 * 86_400_000).toISOString().slice(0, 10);
    const dashboard: number[] = [];
    let created = 0;
    for (let i = 0; i < 33; i += 1) {
      const s = performance.now();
      const r = await getOrganizationAnalytics({ organizationId: orgId, from, to }, deps());
      const took = performance.now() - s;
      if (!r.ok) throw r.error;
      if (i >= 3) dashboard.push(took);
      created = r.value.totalLinksCreated;
    }
    report(
      'organization dashboard, 90 days',
      `p50 ${ms(percentile(dashboard, 50))}, p95 ${ms(percentile(dashboard, 95))} (${created.toLocaleString('en-US')} links in range, 30 runs)`,
      'p95 ≤ 200 ms',
    );
    const other = await getOrganizationAnalytics({ organizationId: otherOrgId, from, to }, deps());
    if (!other.ok || other.value.totalLinksCreated === created + LINKS)
      throw new Error('tenant filter leaked');

    // CSV export of every link over HTTP, with an API key, counting rows as they stream in.
    const key = await createApiKey(
      {
        organizationId: orgId,
        name: 'bench',
        actor: { type: 'system', name: 'bench' },
        createdByUserId: null,
        requestId: null,
      },
      container.requestDeps(),
    );
    if (!key.ok) throw key.error;
    buildWebIfStale((m) => console.log(m));
    const sandbox = await startStripeSandbox({ port: 0, webhookSecret: 'whsec_bench' });
    const web = await startWebServer(
      {
        DATABASE_URL: database.url,
        DEMO_SEED: 'false',
        LOG_LEVEL: 'warn',
        STRIPE_SANDBOX_URL: sandbox.url,
        STRIPE_SANDBOX_PUBLIC_URL: sandbox.publicUrl,
        ...BENCH_BUDGETS,
      },
      await freePort(),
    );
    const exportCsv = async (from: string) => {
      const s = performance.now();
      const res = await fetch(`${web.base}/api/billing/exports/links.csv?from=${from}&to=${to}`, {
        headers: { authorization: `Bearer ${key.value.plaintext}` },
      });
      if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
      let bytes = 0;
      let lines = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        for (const b of chunk) if (b === 10) lines += 1;
      }
      return {
        rows: lines - 1,
        bytes,
        seconds: (performance.now() - s) / 1000,
        ...(await memoryOf(web.child.pid!)),
      };
    };
    const daysBack = (n: number) =>
      new Date(new Date(`${to}T00:00:00Z`).getTime() - n * 86_400_000).toISOString().slice(0, 10);
    try {
      await exportCsv(to); // warm-up
      const idle = await memoryOf(web.child.pid!);
      // A month's links, then every link (two years back, the longest range allowed): if the export
      // held rows in memory, the second peak would be several times the first.
      const month = await exportCsv(daysBack(29));
      const all = await exportCsv(daysBack(730));
      report(
        'CSV export of all links',
        `${all.rows.toLocaleString('en-US')} rows, ${(all.bytes / 1e6).toFixed(1)} MB in ${all.seconds.toFixed(2)} s; ` +
          `web process RSS ${idle.rssMb.toFixed(0)} MB idle, peak ${month.peakMb.toFixed(0)} MB after a ` +
          `${month.rows.toLocaleString('en-US')}-row export, ${all.peakMb.toFixed(0)} MB after all`,
        '≤ 10 s, bounded memory',
      );

      // The dashboard's pages for a staff member of the clinic with 100,000 links.
      const admin = User.create({
        id: container.ids.uuid(),
        organizationId: orgId,
        email: 'bench.admin@bench.example',
        name: 'Bench Admin',
        role: 'ADMIN',
        passwordHash: await container.passwords.hash('bench-admin-password'),
        now: container.clock.now(),
      });
      await container.scope().users.save(admin);
      const cookie = await signInCookie(web.base, admin.email, 'bench-admin-password');
      await benchDashboardPages(web.base, cookie, daysBack(29), to, LINKS, report);
    } finally {
      await web.stop();
      await sandbox.stop();
    }
  } finally {
    await container.close();
  }
} finally {
  await pool.end();
  await database.stop();
}
console.log('\n| analytics benchmark | result | goal |\n| --- | --- | --- |');
for (const [name, value, goal] of results) console.log(`| ${name} | ${value} | ${goal} |`);
