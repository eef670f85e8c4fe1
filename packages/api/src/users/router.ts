// The clinic's staff accounts (ADMIN): invite, change role, disable and enable.
import { router } from '../trpc.ts';
import { inviteStaffUserProcedure } from './invite-staff-user.ts';
import { listStaffUsersProcedure } from './list-staff-users.ts';
import { resendStaffInviteProcedure } from './resend-staff-invite.ts';
import { updateStaffUserProcedure } from './update-staff-user.ts';

export const usersRouter = router({
  list: listStaffUsersProcedure,
  invite: inviteStaffUserProcedure,
  resendInvite: resendStaffInviteProcedure,
  update: updateStaffUserProcedure,
});
