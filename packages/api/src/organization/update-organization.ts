// organization.update — the clinic's profile and settings; each bad field is named (422) and
// nothing is saved.
import { updateOrganizationSettings } from '@clinicpay/domain';
import { actingFor } from '../acting.ts';
import { requirePermission, unwrap } from '../trpc.ts';
import { organizationView } from '../views/organization-view.ts';
import { updateOrganizationInput, type UpdateOrganizationOutput } from './update-organization.types.ts';

export const updateOrganizationProcedure = requirePermission('org:manage')
  .input(updateOrganizationInput)
  .mutation(async ({ ctx, input }): Promise<UpdateOrganizationOutput> => {
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const org = unwrap(await updateOrganizationSettings({ ...actingFor(ctx), changes }, ctx.deps));
    return { ...organizationView(org), settings: org.settings };
  });
