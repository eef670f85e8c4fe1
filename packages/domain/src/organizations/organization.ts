// A clinic: the tenant. Its id is the organization_id every tenant-owned row carries.
export type OrganizationSettings = {
  /** Whether the link description may appear in email bodies (off by default: minimum necessary PHI). */
  allowDescriptionInEmail: boolean;
  /** Messages per patient per rolling week. */
  contactCapPerWeek: number;
  quietHoursStart: number;
  quietHoursEnd: number;
  expiringCardAutomation: boolean;
  expiringCardLeadDays: number;
};

export const DEFAULT_ORGANIZATION_SETTINGS: OrganizationSettings = {
  allowDescriptionInEmail: false,
  contactCapPerWeek: 3,
  quietHoursStart: 8,
  quietHoursEnd: 20,
  expiringCardAutomation: true,
  expiringCardLeadDays: 30,
};

export class Organization {
  id!: string;
  name!: string;
  slug!: string;
  timeZone = 'America/New_York';
  locale = 'en-US';
  defaultCurrency = 'USD';
  /** Shown to patients on link pages and in messages. */
  contactPhone: string | null = null;
  contactEmail: string | null = null;
  /** Base for short links (e.g. https://pay.example-clinic.com); null → the deployment's public URL. */
  shortLinkBaseUrl: string | null = null;
  settings: OrganizationSettings = { ...DEFAULT_ORGANIZATION_SETTINGS };
  createdAt!: Date;
  updatedAt!: Date;

  static create(input: {
    id: string;
    name: string;
    slug: string;
    timeZone?: string;
    contactPhone?: string | null;
    contactEmail?: string | null;
    shortLinkBaseUrl?: string | null;
    now: Date;
  }): Organization {
    const org = new Organization();
    org.id = input.id;
    org.name = input.name;
    org.slug = input.slug;
    if (input.timeZone) org.timeZone = input.timeZone;
    org.contactPhone = input.contactPhone ?? null;
    org.contactEmail = input.contactEmail ?? null;
    org.shortLinkBaseUrl = input.shortLinkBaseUrl ?? null;
    org.createdAt = input.now;
    org.updatedAt = input.now;
    return org;
  }
}
