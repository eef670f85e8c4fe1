import { z } from 'zod';
import { expiringCardViewSchema } from '../views/expiring-card-view.ts';

/** REST's `?dryRun=`: a dry run unless asked otherwise (`false`); anything but true/false is refused. */
export const expiringScanQuery = z.object({ dryRun: z.boolean().default(true) });

export const runExpiringScanOutput = z.array(expiringCardViewSchema);
export type RunExpiringScanOutput = z.infer<typeof runExpiringScanOutput>;
