// messaging.retry — try a failed (or refused, or undelivered) message again.
import { retryMessage } from '@clinicpay/domain';
import { actingFor } from '../acting.ts';
import { requirePermission, unwrap } from '../trpc.ts';
import { messageView } from '../views/message-view.ts';
import { retryMessageInput, type RetryMessageOutput } from './retry-message.types.ts';

export const retryMessageProcedure = requirePermission('links:send')
  .input(retryMessageInput)
  .mutation(async ({ ctx, input }): Promise<RetryMessageOutput> => {
    const queued = unwrap(
      await retryMessage({ ...actingFor(ctx), messageId: input.messageId }, ctx.deps.messaging),
    );
    return { messages: queued.messages.map(messageView), sentTo: queued.sentTo };
  });
