export const Role = {
  /** Operator of the deployment; belongs to no organization. */
  SUPER_ADMIN: 'SUPER_ADMIN',
  /** Runs one clinic: settings, staff, API keys, and everything else in that clinic. */
  ADMIN: 'ADMIN',
  PROVIDER: 'PROVIDER',
  /** Front-desk / billing staff. */
  BILLING: 'BILLING',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ROLES: readonly Role[] = ['SUPER_ADMIN', 'ADMIN', 'PROVIDER', 'BILLING'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
