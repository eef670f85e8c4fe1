// cards.sync — refresh a patient's card on file (brand, last4, expiry) from Stripe.
import { syncCardOnFile } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { patientView } from '../views/patient-view.ts';
import { syncCardInput, type SyncCardOutput } from './sync-card.types.ts';

export const syncCardProcedure = requirePermission('patients:write')
  .input(syncCardInput)
  .mutation(async ({ ctx, input }): Promise<SyncCardOutput> =>
    patientView(
      unwrap(
        await syncCardOnFile(
          { organizationId: ctx.organizationId, patientId: input.patientId },
          ctx.deps.paymentLinks,
        ),
      ),
    ),
  );
