// users.list (and organization.users) — the clinic's staff accounts, invited and disabled included.
import { requirePermission } from '../trpc.ts';
import { userView } from '../views/identity-views.ts';
import type { ListStaffUsersOutput } from './list-staff-users.types.ts';

export const listStaffUsersProcedure = requirePermission('users:manage').query(
  async ({ ctx }): Promise<ListStaffUsersOutput> =>
    (await ctx.deps.users.listByOrganization(ctx.organizationId)).map(userView),
);
