// links.get — one link of the caller's clinic with its patient, payments, messages and timeline.
import { getLinkDetails } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { linkView } from '../views/link-view.ts';
import { messageView } from '../views/message-view.ts';
import { patientView } from '../views/patient-view.ts';
import { paymentView } from '../views/payment-view.ts';
import { getLinkInput, type GetLinkOutput } from './get-link.types.ts';

export const getLinkProcedure = requirePermission('links:read')
  .input(getLinkInput)
  .query(async ({ ctx, input }): Promise<GetLinkOutput> => {
    const details = unwrap(
      await getLinkDetails(
        { organizationId: ctx.organizationId, linkId: input.id },
        { ...ctx.deps.paymentLinks, linkReads: ctx.deps.linkReads },
      ),
    );
    return {
      ...linkView(details.link, details.shortUrl),
      patient: details.patient ? patientView(details.patient) : null,
      payments: details.payments.map(paymentView),
      messages: details.messages.map(messageView),
      timeline: details.timeline.map((e) => ({
        type: e.type,
        at: e.occurredAt.toISOString(),
        data: e.data ?? {},
      })),
    };
  });
