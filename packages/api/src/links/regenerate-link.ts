// links.regenerate — a link's replacement: a new one, or (`duplicate: true`) the one it already has.
import { regenerateLink } from '@clinicpay/domain';
import { creatingFor } from '../acting.ts';
import { requirePermission, unwrap } from '../trpc.ts';
import { createdLinkView } from '../views/link-view.ts';
import { regenerateLinkInput, type RegenerateLinkOutput } from './regenerate-link.types.ts';

export const regenerateLinkProcedure = requirePermission('links:create')
  .input(regenerateLinkInput)
  .mutation(async ({ ctx, input }): Promise<RegenerateLinkOutput> => {
    const result = unwrap(
      await regenerateLink(
        {
          ...creatingFor(ctx),
          linkId: input.id,
          ...(input.expiresIn !== undefined ? { expiresInHours: input.expiresIn } : {}),
          idempotencyKey: input.idempotencyKey ?? null,
        },
        ctx.deps.paymentLinks,
      ),
    );
    return { ...createdLinkView(result), duplicate: result.duplicate };
  });
