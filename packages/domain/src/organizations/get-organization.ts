// The caller's clinic, or NotFound: what every screen that shows the clinic's profile starts from.
import type { OrganizationRepository } from './organization-ports.ts';
import { AppError } from '../shared/app-error.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Organization } from './organization.ts';

export async function getOrganization(
  input: { organizationId: string },
  deps: { organizations: OrganizationRepository },
): Promise<Result<Organization, AppError>> {
  const organization = await deps.organizations.findById(input.organizationId);
  return organization ? ok(organization) : err(AppError.notFound('Organization'));
}
