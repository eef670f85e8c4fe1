// Cards on file: the expiring-card scan (dry run or for real) and a refresh from Stripe.
import { router } from '../trpc.ts';
import { previewExpiringScanProcedure } from './preview-expiring-scan.ts';
import { runExpiringScanProcedure } from './run-expiring-scan.ts';
import { syncCardProcedure } from './sync-card.ts';

export const cardsRouter = router({
  previewExpiringScan: previewExpiringScanProcedure,
  runExpiringScan: runExpiringScanProcedure,
  sync: syncCardProcedure,
});
