// me.setNotifyByEmail — the signed-in user's own setting: also email me when my links are paid,
// expire or fail.
import { AppError, setNotifyByEmail } from '@clinicpay/domain';
import { toTrpcError } from '../errors.ts';
import { authedProcedure } from '../trpc.ts';
import { setNotifyByEmailInput, type SetNotifyByEmailOutput } from './set-notify-by-email.types.ts';

export const setNotifyByEmailProcedure = authedProcedure
  .input(setNotifyByEmailInput)
  .mutation(async ({ ctx, input }): Promise<SetNotifyByEmailOutput> => {
    if (ctx.auth.kind !== 'user')
      throw toTrpcError(AppError.forbidden('Only a signed-in user has notification settings'));
    return setNotifyByEmail({ user: ctx.auth.user, enabled: input.enabled }, ctx.deps);
  });
