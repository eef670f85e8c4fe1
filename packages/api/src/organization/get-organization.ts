// organization.get — the caller's clinic: name, time zone, locale, currency, contact details.
import { getOrganization } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { organizationView } from '../views/organization-view.ts';
import type { GetOrganizationOutput } from './get-organization.types.ts';

export const getOrganizationProcedure = requirePermission('links:read').query(
  async ({ ctx }): Promise<GetOrganizationOutput> =>
    organizationView(unwrap(await getOrganization({ organizationId: ctx.organizationId }, ctx.deps))),
);
