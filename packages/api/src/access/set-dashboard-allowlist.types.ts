import { z } from 'zod';

export const setDashboardAllowlistInput = z.object({
  /** Addresses or CIDR ranges, IPv4 or IPv6; an empty list lifts the restriction. */
  ranges: z.array(z.string().max(100)).max(200),
});

export const setDashboardAllowlistOutput = z.object({ dashboard: z.array(z.string()) });
export type SetDashboardAllowlistOutput = z.infer<typeof setDashboardAllowlistOutput>;
