// The platform operator's controls over one organization's access (SUPER_ADMIN only).
import { router } from '../trpc.ts';
import { liftIpRestrictionsProcedure } from './lift-ip-restrictions.ts';
import { setRateLimitsProcedure } from './set-rate-limits.ts';

export const platformRouter = router({
  setRateLimits: setRateLimitsProcedure,
  liftIpRestrictions: liftIpRestrictionsProcedure,
});
