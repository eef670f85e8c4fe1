// users.resendInvite — a fresh invitation link for an account not yet accepted (the old one stops).
import { resendStaffInvite } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { invitationView } from '../views/invitation-view.ts';
import { resendStaffInviteInput, type ResendStaffInviteOutput } from './resend-staff-invite.types.ts';
import { staffActingFor, staffUserDeps } from './staff-user-deps.ts';

export const resendStaffInviteProcedure = requirePermission('users:manage')
  .input(resendStaffInviteInput)
  .mutation(async ({ ctx, input }): Promise<ResendStaffInviteOutput> =>
    invitationView(
      unwrap(await resendStaffInvite({ ...staffActingFor(ctx), userId: input.id }, staffUserDeps(ctx))),
    ),
  );
