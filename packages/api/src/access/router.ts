// Network access for the clinic's admins: IP allowlists for the dashboard and per API key.
import { router } from '../trpc.ts';
import { getNetworkAccessProcedure } from './get-network-access.ts';
import { setApiKeyAllowlistProcedure } from './set-api-key-allowlist.ts';
import { setDashboardAllowlistProcedure } from './set-dashboard-allowlist.ts';

export const accessRouter = router({
  get: getNetworkAccessProcedure,
  setDashboardAllowlist: setDashboardAllowlistProcedure,
  setApiKeyAllowlist: setApiKeyAllowlistProcedure,
});
