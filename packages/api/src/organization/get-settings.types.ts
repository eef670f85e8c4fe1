import type { z } from 'zod';
import { organizationSettingsSchema } from '../views/organization-view.ts';

export const getSettingsOutput = organizationSettingsSchema;
export type GetSettingsOutput = z.infer<typeof getSettingsOutput>;
