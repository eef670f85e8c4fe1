// users.update — change a staff member's role, or disable / enable the account.
import { updateStaffUser } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { userView } from '../views/identity-views.ts';
import { updateStaffUserInput, type UpdateStaffUserOutput } from './update-staff-user.types.ts';
import { staffActingFor, staffUserDeps } from './staff-user-deps.ts';

export const updateStaffUserProcedure = requirePermission('users:manage')
  .input(updateStaffUserInput)
  .mutation(async ({ ctx, input }): Promise<UpdateStaffUserOutput> =>
    userView(
      unwrap(
        await updateStaffUser(
          { ...staffActingFor(ctx), userId: input.id, role: input.role, disabled: input.disabled },
          staffUserDeps(ctx),
        ),
      ),
    ),
  );
