import { z } from 'zod';
import { line } from '../schemas.ts';
import { invitationViewSchema } from '../views/invitation-view.ts';

export const inviteStaffUserInput = z.object({ name: line(200), email: line(300), role: line(40) });

export const inviteStaffUserOutput = invitationViewSchema;
export type InviteStaffUserOutput = z.infer<typeof inviteStaffUserOutput>;
