import { z } from 'zod';
import { line } from '../schemas.ts';
import { invitationViewSchema } from '../views/invitation-view.ts';

export const resendStaffInviteInput = z.object({ id: line(100) });

export const resendStaffInviteOutput = invitationViewSchema;
export type ResendStaffInviteOutput = z.infer<typeof resendStaffInviteOutput>;
