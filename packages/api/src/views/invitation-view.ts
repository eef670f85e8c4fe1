// An invitation just sent: the account, and the link (in this response, for the admin to pass on if
// the email is slow, and in the email).
import { z } from 'zod';
import type { Invitation } from '@clinicpay/domain';
import { userView, userViewSchema } from './identity-views.ts';

export const invitationViewSchema = z.object({
  user: userViewSchema,
  inviteUrl: z.string(),
  emailed: z.boolean(),
});
export type InvitationView = z.infer<typeof invitationViewSchema>;

export const invitationView = (i: Invitation): InvitationView => ({
  user: userView(i.user),
  inviteUrl: i.inviteUrl,
  emailed: i.emailed,
});
