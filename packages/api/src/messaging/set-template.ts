// messaging.setTemplate — save (or, with null, reset) one part of a template; a template with
// errors is refused, each named.
import { setTemplate } from '@clinicpay/domain';
import { requirePermission, unwrap } from '../trpc.ts';
import { setTemplateInput, type SetTemplateOutput } from './set-template.types.ts';

export const setTemplateProcedure = requirePermission('org:manage')
  .input(setTemplateInput)
  .mutation(async ({ ctx, input }): Promise<SetTemplateOutput> => {
    unwrap(await setTemplate({ ...input, organizationId: ctx.organizationId }, ctx.deps.messaging));
    return { ok: true };
  });
