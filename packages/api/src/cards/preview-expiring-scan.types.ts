import { z } from 'zod';
import { expiringCardViewSchema } from '../views/expiring-card-view.ts';

export const previewExpiringScanOutput = z.array(expiringCardViewSchema);
export type PreviewExpiringScanOutput = z.infer<typeof previewExpiringScanOutput>;
