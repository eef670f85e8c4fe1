// The range and filters of every analytics view and export; the domain names bad dates and ids.
import { z } from 'zod';
import { line } from '../schemas.ts';

export const analyticsQuery = z.object({
  from: line(20).nullish(),
  to: line(20).nullish(),
  providerId: line(100).nullish(),
  type: line(20).nullish(),
});

/** Money per currency as decimal strings, e.g. `{ USD: "1250.00", CAD: "40.00" }`. */
export const decimalsByCurrency = z.record(z.string(), z.string());

export const analyticsRange = z.object({ from: z.string(), to: z.string(), timeZone: z.string() });
