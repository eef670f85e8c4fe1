import { z } from 'zod';
import { line } from '../schemas.ts';
import { organizationSettingsSchema, organizationViewSchema } from '../views/organization-view.ts';

export const updateOrganizationInput = z.object({
  name: line(300).optional(),
  contactPhone: line(40).nullish(),
  contactEmail: line(320).nullish(),
  timeZone: line(64).optional(),
  shortLinkBaseUrl: line(300).nullish(),
  quietHoursStart: z.number().optional(),
  quietHoursEnd: z.number().optional(),
  contactCapPerWeek: z.number().optional(),
  allowDescriptionInEmail: z.boolean().optional(),
  expiringCardAutomation: z.boolean().optional(),
  expiringCardLeadDays: z.number().optional(),
});

export const updateOrganizationOutput = organizationViewSchema.extend({
  settings: organizationSettingsSchema,
});
export type UpdateOrganizationOutput = z.infer<typeof updateOrganizationOutput>;
