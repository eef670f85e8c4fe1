// cards.runExpiringScan — send card-update links to the patients whose card expires this month or
// next (the scan the worker also runs on its schedule).
import { scanExpiringCards } from '@clinicpay/domain';
import { creatingFor } from '../acting.ts';
import { requirePermission, unwrap } from '../trpc.ts';
import { expiringCardView } from '../views/expiring-card-view.ts';
import type { RunExpiringScanOutput } from './run-expiring-scan.types.ts';

export const runExpiringScanProcedure = requirePermission('org:manage').mutation(
  async ({ ctx }): Promise<RunExpiringScanOutput> =>
    unwrap(await scanExpiringCards({ ...creatingFor(ctx), dryRun: false }, ctx.deps.paymentLinks)).map(
      expiringCardView,
    ),
);
