// The signed-in user's own settings.
import { router } from '../trpc.ts';
import { setNotifyByEmailProcedure } from './set-notify-by-email.ts';

export const meRouter = router({ setNotifyByEmail: setNotifyByEmailProcedure });
