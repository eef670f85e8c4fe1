// The caller's session.
import { router } from '../trpc.ts';
import { getSessionProcedure } from './get-session.ts';

export const authRouter = router({ me: getSessionProcedure });
