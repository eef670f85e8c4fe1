// messaging.preview — what a patient would receive, with the SMS segment count, for the given
// (unsaved) texts.
import { previewMessage } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { previewMessageInput, type PreviewMessageOutput } from './preview-message.types.ts';

export const previewMessageProcedure = requirePermission('links:read')
  .input(previewMessageInput)
  .query(async ({ ctx, input }): Promise<PreviewMessageOutput> =>
    unwrap(await previewMessage({ ...input, organizationId: ctx.organizationId }, ctx.deps.messaging)),
  );
