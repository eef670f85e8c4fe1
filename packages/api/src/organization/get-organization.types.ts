import type { z } from 'zod';
import { organizationViewSchema } from '../views/organization-view.ts';

export const getOrganizationOutput = organizationViewSchema;
export type GetOrganizationOutput = z.infer<typeof getOrganizationOutput>;
