// An admin changes the clinic's profile and messaging settings. Every field is checked and every bad
// one named; nothing is saved unless all are good. Audited.
import type { Actor } from '../identity/actor.ts';
import type { AuditLog } from '../shared/audit-log.ts';
import type { Clock } from '../shared/clock.ts';
import type { OrganizationRepository } from './organization-ports.ts';
import type { PhoneNumbers } from '../patients/phone-numbers.ts';
import { AppError } from '../shared/app-error.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Organization } from './organization.ts';

export type OrganizationSettingsInput = {
  name?: string;
  contactPhone?: string | null;
  contactEmail?: string | null;
  timeZone?: string;
  shortLinkBaseUrl?: string | null;
  quietHoursStart?: number;
  quietHoursEnd?: number;
  contactCapPerWeek?: number;
  allowDescriptionInEmail?: boolean;
  expiringCardAutomation?: boolean;
  expiringCardLeadDays?: number;
};

export type UpdateSettingsDeps = {
  organizations: OrganizationRepository;
  audit: AuditLog;
  clock: Clock;
  phones: PhoneNumbers;
};

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const wholeIn = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;

export async function updateOrganizationSettings(
  input: {
    organizationId: string;
    actor: Actor;
    requestId: string | null;
    changes: OrganizationSettingsInput;
  },
  deps: UpdateSettingsDeps,
): Promise<Result<Organization, AppError>> {
  const org = await deps.organizations.findById(input.organizationId);
  if (!org) return err(AppError.notFound('Organization'));
  const c = input.changes;
  const errors: Array<{ field: string; message: string }> = [];
  const name = c.name?.trim();
  if (c.name !== undefined && (!name || name.length > 200))
    errors.push({ field: 'name', message: 'must be 1 to 200 characters' });
  let phone: string | null | undefined;
  if (c.contactPhone !== undefined) {
    phone = c.contactPhone?.trim() ? deps.phones.toE164(c.contactPhone, 'US') : null;
    if (c.contactPhone?.trim() && !phone)
      errors.push({ field: 'contactPhone', message: 'is not a valid phone number' });
  }
  const email = c.contactEmail?.trim() || null;
  if (c.contactEmail !== undefined && email && !EMAIL.test(email))
    errors.push({ field: 'contactEmail', message: 'is not a valid email address' });
  if (c.timeZone !== undefined && !validTimeZone(c.timeZone))
    errors.push({ field: 'timeZone', message: 'must be an IANA time zone such as America/Chicago' });
  const base = c.shortLinkBaseUrl?.trim() || null;
  if (c.shortLinkBaseUrl !== undefined && base) {
    let url: URL | null = null;
    try {
      url = new URL(base);
    } catch {
      url = null;
    }
    if (!url || url.protocol !== 'https:' || url.search || url.hash)
      errors.push({ field: 'shortLinkBaseUrl', message: 'must be an https:// address without a query' });
  }
  const start = c.quietHoursStart ?? org.settings.quietHoursStart;
  const end = c.quietHoursEnd ?? org.settings.quietHoursEnd;
  if (!wholeIn(start, 0, 23))
    errors.push({ field: 'quietHoursStart', message: 'must be an hour from 0 to 23' });
  if (!wholeIn(end, 1, 24)) errors.push({ field: 'quietHoursEnd', message: 'must be an hour from 1 to 24' });
  else if (wholeIn(start, 0, 23) && end <= start)
    errors.push({ field: 'quietHoursEnd', message: 'must be after the start of the sending window' });
  if (c.contactCapPerWeek !== undefined && !wholeIn(c.contactCapPerWeek, 1, 50))
    errors.push({ field: 'contactCapPerWeek', message: 'must be a whole number from 1 to 50' });
  if (c.expiringCardLeadDays !== undefined && !wholeIn(c.expiringCardLeadDays, 1, 90))
    errors.push({ field: 'expiringCardLeadDays', message: 'must be a whole number of days from 1 to 90' });
  if (errors.length) return err(AppError.validationErrors(errors));

  const now = deps.clock.now();
  if (name !== undefined) org.name = name;
  if (phone !== undefined) org.contactPhone = phone;
  if (c.contactEmail !== undefined) org.contactEmail = email;
  if (c.timeZone !== undefined) org.timeZone = c.timeZone;
  if (c.shortLinkBaseUrl !== undefined) org.shortLinkBaseUrl = base ? base.replace(/\/+$/, '') : null;
  org.settings = {
    ...org.settings,
    quietHoursStart: start,
    quietHoursEnd: end,
    ...(c.contactCapPerWeek !== undefined ? { contactCapPerWeek: c.contactCapPerWeek } : {}),
    ...(c.allowDescriptionInEmail !== undefined
      ? { allowDescriptionInEmail: c.allowDescriptionInEmail }
      : {}),
    ...(c.expiringCardAutomation !== undefined ? { expiringCardAutomation: c.expiringCardAutomation } : {}),
    ...(c.expiringCardLeadDays !== undefined ? { expiringCardLeadDays: c.expiringCardLeadDays } : {}),
  };
  org.updatedAt = now;
  await deps.organizations.save(org);
  await deps.audit.append({
    organizationId: org.id,
    actor: input.actor,
    action: 'organization.update',
    entityType: 'organization',
    entityId: org.id,
    requestId: input.requestId,
    occurredAt: now,
    data: { fields: Object.keys(c) },
  });
  return ok(org);
}
