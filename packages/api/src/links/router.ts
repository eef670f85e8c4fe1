// Payment links and card-update links: create, read, list, cancel, regenerate.
import { router } from '../trpc.ts';
import { cancelLinkProcedure } from './cancel-link.ts';
import { createCardUpdateLinkProcedure } from './create-card-update-link.ts';
import { createCheckoutLinkProcedure } from './create-checkout-link.ts';
import { getLinkProcedure } from './get-link.ts';
import { listLinksProcedure } from './list-links.ts';
import { regenerateLinkProcedure } from './regenerate-link.ts';

export const linksRouter = router({
  createCheckout: createCheckoutLinkProcedure,
  createCardUpdate: createCardUpdateLinkProcedure,
  get: getLinkProcedure,
  list: listLinksProcedure,
  cancel: cancelLinkProcedure,
  regenerate: regenerateLinkProcedure,
});
