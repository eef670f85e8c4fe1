// users.invite — a new staff account, invited by email to choose a password.
import { inviteStaffUser } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { invitationView } from '../views/invitation-view.ts';
import { inviteStaffUserInput, type InviteStaffUserOutput } from './invite-staff-user.types.ts';
import { staffActingFor, staffUserDeps } from './staff-user-deps.ts';

export const inviteStaffUserProcedure = requirePermission('users:manage')
  .input(inviteStaffUserInput)
  .mutation(async ({ ctx, input }): Promise<InviteStaffUserOutput> =>
    invitationView(unwrap(await inviteStaffUser({ ...staffActingFor(ctx), ...input }, staffUserDeps(ctx)))),
  );
