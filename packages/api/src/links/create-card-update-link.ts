// links.createCardUpdate — a card-update link (Checkout in setup mode, 30 days), sent as asked.
import { createCardUpdateLink } from '@clinicpay/domain';
import { creatingFor } from '../acting.ts';
import { requirePermission, unwrap } from '../trpc.ts';
import { createdLinkView } from '../views/link-view.ts';
import {
  createCardUpdateLinkInput,
  type CreateCardUpdateLinkOutput,
} from './create-card-update-link.types.ts';

export const createCardUpdateLinkProcedure = requirePermission('links:create')
  .input(createCardUpdateLinkInput)
  .mutation(async ({ ctx, input }): Promise<CreateCardUpdateLinkOutput> => {
    const result = await createCardUpdateLink(
      {
        ...creatingFor(ctx),
        patientId: input.patientId,
        providerId: input.providerId ?? null,
        customerId: input.customerId ?? null,
        reason: input.reason ?? null,
        ...(input.expiresIn !== undefined ? { expiresInHours: input.expiresIn } : {}),
        sendVia: input.sendVia ?? [],
        customMessage: input.customMessage ?? null,
      },
      ctx.deps.paymentLinks,
    );
    return createdLinkView(unwrap(result));
  });
