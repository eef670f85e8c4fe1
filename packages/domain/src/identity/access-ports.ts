// Who may reach an organization, from where and how fast: the ports behind the API's rate limits
// (counts shared by every web process) and IP allowlists. Implemented in infrastructure
// (security/rate-limiter.ts, repositories/access-policies.ts); the API applies them to every request.

/**
 * What a request draws on: `reads` (queries), `writes` (creates, sends, every other change),
 * `exports` (CSV downloads: heavy), each per API key or per signed-in user; `anonymous` per client
 * address, for requests without a credential (patient pages, unauthenticated API calls).
 */
export type RateBudget = 'reads' | 'writes' | 'exports' | 'anonymous';
export const RATE_BUDGETS = ['reads', 'writes', 'exports', 'anonymous'] as const;

/** The per-organization budgets the platform operator may set (anonymous traffic has no organization). */
export type RateLimitOverrides = Partial<Record<Exclude<RateBudget, 'anonymous'>, number>>;

export type RateLimitDecision = {
  allowed: boolean;
  budget: RateBudget;
  /** Requests allowed per window. */
  limit: number;
  remaining: number;
  windowSeconds: number;
  /** Seconds until the window ends (and the budget is whole again). */
  resetSeconds: number;
};

export interface RateLimiter {
  /**
   * Counts one request by `subject` against `budget` (the organization's override when it has one).
   * Null when limits are off. Never throws: a store that can't be reached falls back to this
   * process's own count.
   */
  take(input: {
    subject: string;
    budget: RateBudget;
    organizationId: string | null;
  }): Promise<RateLimitDecision | null>;
  /** The budgets an organization's callers get per window (overrides applied); null when limits are off. */
  budgetsFor(
    organizationId: string,
  ): Promise<{ windowSeconds: number; reads: number; writes: number; exports: number } | null>;
}

/** Whose allowlist: staff on the dashboard (and tRPC), or one API key. */
export type AllowlistSubject = 'dashboard' | `api_key:${string}`;

export interface AccessPolicies {
  /** The entries (canonical CIDR ranges) of one allowlist; empty when unrestricted. */
  allowlist(organizationId: string, subject: AllowlistSubject): Promise<string[]>;
  /** Every allowlist the organization has, by subject (for the settings page). */
  allowlists(organizationId: string): Promise<Map<AllowlistSubject, string[]>>;
  /** Replaces one allowlist; an empty list lifts the restriction. Seen by every process within seconds. */
  setAllowlist(organizationId: string, subject: AllowlistSubject, ranges: string[], now: Date): Promise<void>;
  rateLimitOverrides(organizationId: string): Promise<RateLimitOverrides>;
  /** Replaces the organization's overrides (a budget left out goes back to the default). */
  setRateLimitOverrides(organizationId: string, overrides: RateLimitOverrides, now: Date): Promise<void>;
}
