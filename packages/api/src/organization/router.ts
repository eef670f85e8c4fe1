// The clinic: its profile and settings, its providers, its staff (for admins).
import { listStaffUsersProcedure } from '../users/list-staff-users.ts';
import { router } from '../trpc.ts';
import { getOrganizationProcedure } from './get-organization.ts';
import { getSettingsProcedure } from './get-settings.ts';
import { listProvidersProcedure } from './list-providers.ts';
import { updateOrganizationProcedure } from './update-organization.ts';

export const organizationRouter = router({
  get: getOrganizationProcedure,
  providers: listProvidersProcedure,
  /** The same list as users.list (the settings page reads it here). */
  users: listStaffUsersProcedure,
  settings: getSettingsProcedure,
  update: updateOrganizationProcedure,
});
