// What every step of filling one organization shares: the statement runner (one connection, one
// transaction, timed and logged), the plan for the organization, and — once it is found or
// created — the organization itself. Steps talk to each other only through the temp tables they
// leave in that transaction (gparam, gcal, gp, gpat, gl, gc, gca, glf, gm), all dropped on commit.
import type pg from 'pg';

export class DemoDataError extends Error {}

/** Runs one statement of the organization's transaction, logging its name, rows and duration. */
export type Step = <Row extends pg.QueryResultRow = pg.QueryResultRow>(
  name: string,
  sql: string,
  params?: unknown[],
) => Promise<pg.QueryResult<Row>>;

export type OrgPlan = {
  index: number;
  existingOrganizationId: string | null;
  name: string;
  slug: string;
  timeZone: string;
  links: number;
  clicks: number;
  days: number;
  /** For setseed(): in [-1, 1], one per organization of a run. */
  seed: number;
  now: Date;
};

export type DemoOrganization = { id: string; timeZone: string; slug: string };

/** Before the organization is known (session settings, finding or creating it). */
export type PlanContext = { step: Step; plan: OrgPlan };

export type DemoContext = PlanContext & { organization: DemoOrganization };
