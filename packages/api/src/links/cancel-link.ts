// links.cancel — withdraw an unpaid link (its Stripe session is expired too).
import { cancelLink, linkShortUrl } from '@clinicpay/domain';
import { creatingFor } from '../acting.ts';
import { requirePermission, unwrap } from '../trpc.ts';
import { linkView } from '../views/link-view.ts';
import { cancelLinkInput, type CancelLinkOutput } from './cancel-link.types.ts';

export const cancelLinkProcedure = requirePermission('links:cancel')
  .input(cancelLinkInput)
  .mutation(async ({ ctx, input }): Promise<CancelLinkOutput> => {
    const link = unwrap(await cancelLink({ ...creatingFor(ctx), linkId: input.id }, ctx.deps.paymentLinks));
    const shortUrl = unwrap(
      await linkShortUrl({ organizationId: ctx.organizationId, link }, ctx.deps.paymentLinks),
    );
    return linkView(link, shortUrl);
  });
