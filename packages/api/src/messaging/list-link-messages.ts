// messaging.forLink — every message for one link, with its delivery status.
import { listLinkMessages } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { messageView } from '../views/message-view.ts';
import { listLinkMessagesInput, type ListLinkMessagesOutput } from './list-link-messages.types.ts';

export const listLinkMessagesProcedure = requirePermission('links:read')
  .input(listLinkMessagesInput)
  .query(async ({ ctx, input }): Promise<ListLinkMessagesOutput> =>
    unwrap(
      await listLinkMessages(
        { organizationId: ctx.organizationId, linkId: input.linkId },
        ctx.deps.messaging,
      ),
    ).map(messageView),
  );
