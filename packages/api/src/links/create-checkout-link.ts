// links.createCheckout — a payment link for a patient (an amount or line items), sent as asked.
import { createCheckoutLink } from '@clinicpay/domain';
import { creatingFor } from '../acting.ts';
import { requirePermission, unwrap } from '../trpc.ts';
import { createdLinkView } from '../views/link-view.ts';
import { createCheckoutLinkInput, type CreateCheckoutLinkOutput } from './create-checkout-link.types.ts';

export const createCheckoutLinkProcedure = requirePermission('links:create')
  .input(createCheckoutLinkInput)
  .mutation(async ({ ctx, input }): Promise<CreateCheckoutLinkOutput> => {
    const result = await createCheckoutLink(
      {
        ...creatingFor(ctx),
        patientId: input.patientId,
        providerId: input.providerId ?? null,
        amount: input.amount ?? undefined,
        items: input.items ?? null,
        description: input.description ?? null,
        ...(input.currency ? { currency: input.currency.toUpperCase() } : {}),
        ...(input.expiresIn !== undefined ? { expiresInHours: input.expiresIn } : {}),
        sendVia: input.sendVia ?? [],
        customMessage: input.customMessage ?? null,
      },
      ctx.deps.paymentLinks,
    );
    return createdLinkView(unwrap(result));
  });
