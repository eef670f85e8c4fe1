// Demo data for analytics load tests: organizations full of payment links, messages, clicks,
// payments and timeline events, shaped like what the application writes. Everything is generated
// set-based in PostgreSQL (generate_series, one statement per table, temp tables for the
// intermediate draws), one transaction per organization, so 100,000 links and 1,000,000 clicks
// take seconds rather than the hours a row-at-a-time loop would.
//
// Reproducible: with `seed`, setseed() fixes every random() draw, so the same seed and `now` give
// the same links, amounts, times, statuses and clicks (ids and short codes stay random, so a seed
// can be used twice in one database).
//
// One organization is filled by the steps in scripts/demo-data/, in the order fillOrganization
// lists them: the draws into temp tables first (parameters, calendar, people, links, clicks,
// payment failures, messages), then the inserts, each table in time order.
import { randomInt, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { drawClicks, insertClicks, summarizeClicks } from './demo-data/clicks.ts';
import { DemoDataError, type OrgPlan, type Step } from './demo-data/context.ts';
import { checkClickAllocation, drawLinks } from './demo-data/link-draw.ts';
import { insertLinks } from './demo-data/links.ts';
import { drawMessages, insertMessages, recordDeliveries } from './demo-data/messages.ts';
import { configureSession, resolveOrganization } from './demo-data/organization.ts';
import { drawCalendar, writeParameters } from './demo-data/parameters.ts';
import { drawPaymentFailures, insertPayments } from './demo-data/payments.ts';
import { drawPeople, insertPatients, insertProviders } from './demo-data/people.ts';
import { insertLinkEvents } from './demo-data/timeline.ts';

export { DemoDataError };

export type GenerateDemoOptions = {
  /** Payment links per organization. */
  links: number;
  /** Clicks per organization (exact); defaults to 10 × links. */
  clicks?: number;
  /** Fill this existing organization instead of creating new ones. */
  organizationId?: string;
  /** How many fresh organizations ("Generated Clinic 1..K") to create; default 1. */
  organizations?: number;
  /** Links are created over this many days back from `now`; default 180, at least 7. */
  days?: number;
  /** Any integer; without it a random seed is used (reported in the result). */
  seed?: number;
  /** The generation's "now"; defaults to the current time. */
  now?: Date;
  /** Time zone of newly created organizations; default America/Chicago. */
  timeZone?: string;
  /** Run VACUUM (ANALYZE) on the filled tables afterwards, as a live database would be; default true. */
  vacuum?: boolean;
  /** Organizations filled at the same time (each in its own transaction and connection); default 2. */
  concurrency?: number;
  /** Progress lines (one per step, with its duration). */
  log?: (message: string) => void;
};

export type GeneratedCounts = {
  providers: number;
  patients: number;
  links: number;
  messages: number;
  clicks: number;
  payments: number;
  linkEvents: number;
};

export type GenerateDemoResult = {
  organizationIds: string[];
  seed: number;
  /** Rows inserted, per organization, in the order of organizationIds. */
  counts: GeneratedCounts[];
};

/** The options, checked and with their defaults. */
type Run = {
  links: number;
  clicks: number;
  days: number;
  organizations: number;
  seed: number;
  now: Date;
  organizationId: string | null;
  timeZone: string;
  concurrency: number;
  vacuum: boolean;
  log: (message: string) => void;
};

type Filled = { organizationId: string; counts: GeneratedCounts };

export async function generateDemoData(
  pool: pg.Pool,
  options: GenerateDemoOptions,
): Promise<GenerateDemoResult> {
  const run = checkedRun(options);
  const filled = await fillOrganizations(pool, run);
  const result: GenerateDemoResult = {
    organizationIds: filled.map((f) => f.organizationId),
    seed: run.seed,
    counts: filled.map((f) => f.counts),
  };
  if (run.vacuum) await vacuum(pool, run.log);
  return result;
}

function checkedRun(options: GenerateDemoOptions): Run {
  const links = options.links;
  const clicks = options.clicks ?? links * 10;
  const days = options.days ?? 180;
  const organizations = options.organizationId ? 1 : (options.organizations ?? 1);
  const seed = options.seed ?? randomInt(1, 2 ** 31);
  const now = options.now ?? new Date();
  const log = options.log ?? (() => {});

  if (!Number.isSafeInteger(links) || links < 1) throw new DemoDataError('links must be a whole number >= 1');
  if (!Number.isSafeInteger(clicks) || clicks < 0)
    throw new DemoDataError('clicks must be a whole number >= 0');
  if (!Number.isSafeInteger(days) || days < 7 || days > 3650)
    throw new DemoDataError('days must be a whole number from 7 to 3650');
  if (!Number.isSafeInteger(organizations) || organizations < 1)
    throw new DemoDataError('organizations must be a whole number >= 1');
  if (options.organizationId && options.organizations && options.organizations > 1)
    throw new DemoDataError('an existing organization and a number of organizations cannot be combined');
  if (!Number.isSafeInteger(seed)) throw new DemoDataError('seed must be an integer');
  return {
    links,
    clicks,
    days,
    organizations,
    seed,
    now,
    organizationId: options.organizationId ?? null,
    timeZone: options.timeZone ?? 'America/Chicago',
    concurrency: Math.max(1, Math.min(organizations, options.concurrency ?? 2)),
    vacuum: options.vacuum ?? true,
    log,
  };
}

/** setseed() takes a value in [-1, 1]; each organization of a run gets its own. */
function seedValue(seed: number, index: number): number {
  const x = Math.sin(seed * 12.9898 + index * 78.233 + 0.5) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

/** Fills the organizations, `run.concurrency` at a time; the results in organization order. */
async function fillOrganizations(pool: pg.Pool, run: Run): Promise<Filled[]> {
  const runTag = randomUUID().slice(0, 6);
  const filled: Filled[] = [];
  let next = 0;
  let failed = false;
  // Each organization is one transaction on its own connection; PostgreSQL runs a statement on one
  // core, so two organizations at once use both cores of a small machine.
  const worker = async () => {
    while (!failed && next < run.organizations) {
      const index = next++;
      const client = await pool.connect();
      try {
        await client.query('begin');
        filled[index] = await fillOrganization(loggedStep(client, index, run), {
          index,
          existingOrganizationId: run.organizationId,
          name: `Generated Clinic ${index + 1}`,
          slug: `generated-clinic-${index + 1}-${runTag}`,
          timeZone: run.timeZone,
          links: run.links,
          clicks: run.clicks,
          days: run.days,
          seed: seedValue(run.seed, index),
          now: run.now,
        });
        await client.query('commit');
      } catch (error) {
        failed = true;
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: run.concurrency }, worker));
  const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (rejected) throw rejected.reason;
  return filled;
}

function loggedStep(client: pg.PoolClient, index: number, run: Run): Step {
  return async <Row extends pg.QueryResultRow>(name: string, sql: string, params?: unknown[]) => {
    const started = performance.now();
    const res = await client.query<Row>(sql, params);
    const prefix = run.organizations > 1 ? `[${index + 1}] ` : '';
    run.log(
      `  ${prefix}${name}: ${res.rowCount ?? 0} rows, ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
    return res;
  };
}

async function fillOrganization(step: Step, plan: OrgPlan): Promise<Filled> {
  await configureSession({ step, plan });
  const organization = await resolveOrganization({ step, plan });
  const ctx = { step, plan, organization };

  // Draws, into temp tables, in the order the seeded random() calls must happen.
  await writeParameters(ctx);
  await drawCalendar(ctx);
  await drawPeople(ctx);
  await drawLinks(ctx);
  await checkClickAllocation(ctx);
  await drawClicks(ctx);
  await summarizeClicks(ctx);
  await drawPaymentFailures(ctx);
  await drawMessages(ctx);

  // Inserts, each table in time order (as a live system would have written it).
  const providers = await insertProviders(ctx);
  const patients = await insertPatients(ctx);
  const links = await insertLinks(ctx);
  const messages = await insertMessages(ctx);
  const payments = await insertPayments(ctx);
  const clicks = await insertClicks(ctx);
  const linkEvents = await insertLinkEvents(ctx);
  await recordDeliveries(ctx);

  return {
    organizationId: organization.id,
    counts: { providers, patients, links, messages, clicks, payments, linkEvents },
  };
}

async function vacuum(pool: pg.Pool, log: (message: string) => void): Promise<void> {
  const started = performance.now();
  // Visibility map and statistics as a database that has been live for a while would have them,
  // so benchmark plans (index-only scans, row estimates) are the ones production would get.
  // Two at once (the clicks are half the work), like the organizations.
  await Promise.all([
    pool.query('vacuum (analyze) payment_link_clicks'),
    pool.query(
      'vacuum (analyze) organizations, providers, patients, payment_links, messages, payments, link_events',
    ),
  ]);
  log(`  vacuum (analyze): ${((performance.now() - started) / 1000).toFixed(2)} s`);
}
