// What the API shows of the clinic: its profile, its providers, and (to admins) its settings.
import { z } from 'zod';
import type { Organization, OrganizationSettings, Provider } from '@clinicpay/domain';

export const organizationViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  locale: z.string(),
  defaultCurrency: z.string(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  shortLinkBaseUrl: z.string().nullable(),
});
export type OrganizationView = z.infer<typeof organizationViewSchema>;

export const organizationView = (o: Organization): OrganizationView => ({
  id: o.id,
  name: o.name,
  timeZone: o.timeZone,
  locale: o.locale,
  defaultCurrency: o.defaultCurrency,
  contactPhone: o.contactPhone,
  contactEmail: o.contactEmail,
  shortLinkBaseUrl: o.shortLinkBaseUrl,
});

export const organizationSettingsSchema = z.object({
  allowDescriptionInEmail: z.boolean(),
  contactCapPerWeek: z.number(),
  quietHoursStart: z.number(),
  quietHoursEnd: z.number(),
  expiringCardAutomation: z.boolean(),
  expiringCardLeadDays: z.number(),
}) satisfies z.ZodType<OrganizationSettings>;

export const providerViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  active: z.boolean(),
});
export type ProviderView = z.infer<typeof providerViewSchema>;

export const providerView = (p: Provider): ProviderView => ({
  id: p.id,
  name: p.name,
  email: p.email,
  active: p.active,
});
