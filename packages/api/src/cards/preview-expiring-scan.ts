// cards.previewExpiringScan — a dry run: who would get a card-update link now, who would be
// skipped and why.
import { scanExpiringCards } from '@clinicpay/domain';
import { creatingFor } from '../acting.ts';
import { requirePermission, unwrap } from '../trpc.ts';
import { expiringCardView } from '../views/expiring-card-view.ts';
import type { PreviewExpiringScanOutput } from './preview-expiring-scan.types.ts';

export const previewExpiringScanProcedure = requirePermission('org:manage').query(
  async ({ ctx }): Promise<PreviewExpiringScanOutput> =>
    unwrap(await scanExpiringCards({ ...creatingFor(ctx), dryRun: true }, ctx.deps.paymentLinks)).map(
      expiringCardView,
    ),
);
