// `pnpm db:generate-demo --links N --clicks M` — fills organizations with realistic payment links,
// messages, clicks and payments for analytics load tests (see generate-demo-data.ts). Uses
// DATABASE_URL, or the embedded database like `pnpm db:migrate`, and migrates it first.
//
//   --links N             links per organization (default 1000)
//   --clicks M            clicks per organization, exact (default 10 × links)
//   --organizations K     create K organizations "Generated Clinic 1..K" (default 1)
//   --organization <id>   fill this existing organization instead
//   --days D              spread of created_at back from now (default 180, at least 7)
//   --seed S              integer seed for reproducible data (default: random, printed)
//   --no-vacuum           skip the VACUUM (ANALYZE) at the end
//   --verbose             time every step
import { parseArgs } from 'node:util';
import pg from 'pg';
import { isUuid, migrateDatabase } from '@clinicpay/infrastructure';
import { withAppDatabase } from './app-database.ts';
import { DemoDataError, generateDemoData } from './generate-demo-data.ts';

const USAGE =
  'Usage: pnpm db:generate-demo [--links N] [--clicks M] [--organizations K | --organization <uuid>] ' +
  '[--days D] [--seed S] [--no-vacuum] [--verbose]';

function fail(message: string): never {
  console.error(message);
  console.error(USAGE);
  process.exit(1);
}

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) fail(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

let args;
try {
  args = parseArgs({
    options: {
      links: { type: 'string' },
      clicks: { type: 'string' },
      organizations: { type: 'string' },
      organization: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      'no-vacuum': { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const links = wholeNumber('links', args.links) ?? 1000;
const clicks = wholeNumber('clicks', args.clicks) ?? links * 10;
const organizations = wholeNumber('organizations', args.organizations);
const days = wholeNumber('days', args.days) ?? 180;
const seed = wholeNumber('seed', args.seed);
const organizationId = args.organization;
if (organizationId !== undefined && !isUuid(organizationId)) fail('--organization must be a uuid');
if (organizationId !== undefined && organizations !== undefined)
  fail('use either --organization or --organizations, not both');

let exitCode = 0;
try {
  await withAppDatabase(async (url) => {
    const { applied } = await migrateDatabase(url);
    if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);

    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const started = performance.now();
      const target = organizationId
        ? `organization ${organizationId}`
        : `${organizations ?? 1} new organization(s)`;
      console.log(`Generating ${links} links and ${clicks} clicks for each of ${target} over ${days} days…`);
      const result = await generateDemoData(pool, {
        links,
        clicks,
        days,
        seed,
        organizationId,
        organizations,
        vacuum: !args['no-vacuum'],
        log: args.verbose ? (line) => console.log(line) : undefined,
      });
      const seconds = (performance.now() - started) / 1000;
      result.organizationIds.forEach((id, index) => {
        const c = result.counts[index]!;
        console.log(
          `Organization ${id}: ${c.links} links, ${c.clicks} clicks, ${c.messages} messages, ` +
            `${c.payments} payments, ${c.linkEvents} link events, ${c.patients} patients, ${c.providers} providers`,
        );
      });
      console.log(`Seed ${result.seed} (pass --seed ${result.seed} to generate the same data again).`);
      console.log(`Done in ${seconds.toFixed(1)} s.`);
    } finally {
      await pool.end();
    }
  });
} catch (error) {
  if (!(error instanceof DemoDataError)) throw error;
  console.error(error.message);
  exitCode = 1;
}
process.exitCode = exitCode;
