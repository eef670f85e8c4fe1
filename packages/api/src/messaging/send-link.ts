// messaging.send — send (or send again) an active link by email and/or SMS.
import { resendLink } from '@clinicpay/domain';
import { actingFor } from '../acting.ts';
import { requirePermission, unwrap } from '../trpc.ts';
import { messageView } from '../views/message-view.ts';
import { sendLinkInput, type SendLinkOutput } from './send-link.types.ts';

export const sendLinkProcedure = requirePermission('links:send')
  .input(sendLinkInput)
  .mutation(async ({ ctx, input }): Promise<SendLinkOutput> => {
    const queued = unwrap(
      await resendLink(
        {
          ...actingFor(ctx),
          linkId: input.linkId,
          channels: input.channels,
          customMessage: input.customMessage ?? null,
        },
        ctx.deps.messaging,
      ),
    );
    return { messages: queued.messages.map(messageView), sentTo: queued.sentTo };
  });
