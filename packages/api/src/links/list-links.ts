// links.list — the clinic's links, newest first, filtered and a page at a time.
import { listLinks } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { linkView } from '../views/link-view.ts';
import { listLinksInput, type ListLinksOutput } from './list-links.types.ts';

export const listLinksProcedure = requirePermission('links:read')
  .input(listLinksInput)
  .query(async ({ ctx, input }): Promise<ListLinksOutput> => {
    const page = unwrap(
      await listLinks({ ...input, organizationId: ctx.organizationId }, ctx.deps.paymentLinks),
    );
    return { items: page.items.map((l) => linkView(l.link, l.shortUrl)), total: page.total };
  });
