// Sending links (send / resend), retrying failed messages, message templates with preview.
import { router } from '../trpc.ts';
import { listLinkMessagesProcedure } from './list-link-messages.ts';
import { listTemplatesProcedure } from './list-templates.ts';
import { previewMessageProcedure } from './preview-message.ts';
import { retryMessageProcedure } from './retry-message.ts';
import { sendLinkProcedure } from './send-link.ts';
import { setTemplateProcedure } from './set-template.ts';

export const messagingRouter = router({
  send: sendLinkProcedure,
  retry: retryMessageProcedure,
  forLink: listLinkMessagesProcedure,
  templates: listTemplatesProcedure,
  setTemplate: setTemplateProcedure,
  preview: previewMessageProcedure,
});
