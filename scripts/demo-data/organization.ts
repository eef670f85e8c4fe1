// The first steps of an organization's transaction: session settings and the random seed, then the
// organization to fill — an existing one (its time zone and slug win over the plan's) or a new one.
import { randomUUID } from 'node:crypto';
import { DEFAULT_ORGANIZATION_SETTINGS } from '@clinicpay/domain';
import { DemoDataError, type DemoOrganization, type PlanContext } from './context.ts';

export async function configureSession({ step, plan }: PlanContext): Promise<void> {
  // UTC for the session, so that interval arithmetic on timestamptz is plain elapsed time; local
  // (clinic) times are computed explicitly with `at time zone`.
  await step('settings', `set local timezone = 'UTC'`);
  await step('work_mem', `set local work_mem = '256MB'`);
  // These statements are one-off and expression-heavy: LLVM would spend minutes (and gigabytes)
  // optimizing them for a few seconds of execution.
  await step('jit', `set local jit = off`);
  await step('setseed', 'select setseed($1)', [plan.seed]);
}

export async function resolveOrganization(ctx: PlanContext): Promise<DemoOrganization> {
  return ctx.plan.existingOrganizationId
    ? findOrganization(ctx, ctx.plan.existingOrganizationId)
    : createOrganization(ctx);
}

async function findOrganization({ step }: PlanContext, id: string): Promise<DemoOrganization> {
  const found = await step<{ id: string; time_zone: string; slug: string }>(
    'organization',
    'select id, time_zone, slug from organizations where id = $1',
    [id],
  );
  const row = found.rows[0];
  if (!row) throw new DemoDataError(`organization ${id} does not exist`);
  return { id: row.id, timeZone: row.time_zone, slug: row.slug };
}

async function createOrganization({ step, plan }: PlanContext): Promise<DemoOrganization> {
  const organization = { id: randomUUID(), timeZone: plan.timeZone, slug: plan.slug };
  await step(
    'organization',
    `insert into organizations (id, name, slug, time_zone, locale, default_currency, contact_phone, contact_email,
       settings, created_at, updated_at)
     values ($1, $2, $3, $4, 'en-US', 'USD', '+13125550100', $5, $6::jsonb,
       $7::timestamptz - make_interval(days => $8 + 30), $7::timestamptz - make_interval(days => $8 + 30))`,
    [
      organization.id,
      plan.name,
      organization.slug,
      organization.timeZone,
      `billing@${organization.slug}.example`,
      JSON.stringify(DEFAULT_ORGANIZATION_SETTINGS),
      plan.now,
      plan.days,
    ],
  );
  return organization;
}
