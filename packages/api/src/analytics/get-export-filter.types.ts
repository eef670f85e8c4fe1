import { z } from 'zod';
import { LINK_TYPES } from '@clinicpay/domain';
import { analyticsQuery } from './analytics-query.ts';

export const getExportFilterInput = analyticsQuery;

/** The checked filter a CSV export streams with, scoped to the caller's organization. */
export const getExportFilterOutput = z.object({
  organizationId: z.string(),
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  providerId: z.string().optional(),
  type: z.enum(LINK_TYPES).optional(),
});
export type GetExportFilterOutput = z.infer<typeof getExportFilterOutput>;
