// organization.settings — the clinic's messaging and expiring-card settings (admins).
import { getOrganization } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import type { GetSettingsOutput } from './get-settings.types.ts';

export const getSettingsProcedure = requirePermission('org:manage').query(
  async ({ ctx }): Promise<GetSettingsOutput> =>
    unwrap(await getOrganization({ organizationId: ctx.organizationId }, ctx.deps)).settings,
);
