// What the API shows of each entity. Explicit shapes: nothing leaks by being added to a class.
import {
  staffStatus,
  type ApiKey,
  type Organization,
  type Patient,
  type Provider,
  type User,
} from '@clinicpay/domain';

export const patientView = (p: Patient) => ({
  id: p.id,
  name: p.name,
  email: p.email,
  phone: p.phone,
  preferredChannel: p.preferredChannel,
  canReceiveEmail: p.canReceiveEmail,
  canReceiveSms: p.canReceiveSms,
  smsOptedOut: p.smsOptedOutAt !== null,
  emailOptedOut: p.emailOptedOutAt !== null,
  externalRef: p.externalRef,
  card:
    p.cardLast4 && p.cardExpMonth && p.cardExpYear
      ? { brand: p.cardBrand, last4: p.cardLast4, expMonth: p.cardExpMonth, expYear: p.cardExpYear }
      : null,
  createdAt: p.createdAt.toISOString(),
});

export const providerView = (p: Provider) => ({ id: p.id, name: p.name, email: p.email, active: p.active });

export const userView = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  disabled: u.disabledAt !== null,
  /** `invited` (no password chosen yet), `active` or `disabled`. */
  status: staffStatus(u),
  inviteExpiresAt: u.inviteExpiresAt?.toISOString() ?? null,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
});

export const apiKeyView = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  prefix: `cpk_${k.prefix}_…`,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

export const organizationView = (o: Organization) => ({
  id: o.id,
  name: o.name,
  timeZone: o.timeZone,
  locale: o.locale,
  defaultCurrency: o.defaultCurrency,
  contactPhone: o.contactPhone,
  contactEmail: o.contactEmail,
  shortLinkBaseUrl: o.shortLinkBaseUrl,
});
