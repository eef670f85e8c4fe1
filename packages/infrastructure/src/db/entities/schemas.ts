// MikroORM mappings for the plain domain classes. The domain stays free of decorators; the
// columns and constraints themselves live in the hand-written migrations.
import { BigIntType, EntitySchema, type EntityProperty } from '@mikro-orm/core';
import {
  ApiKey,
  Message,
  Organization,
  Patient,
  Payment,
  PaymentLink,
  Provider,
  StaffSession,
  User,
} from '@clinicpay/domain';

type Props<T> = { [K in keyof T]?: Partial<EntityProperty<T>> & Record<string, unknown> };

const uuidPk = { type: 'uuid', primary: true } as const;
const uuid = { type: 'uuid' } as const;
const uuidNull = { type: 'uuid', nullable: true } as const;
const text = { type: 'text' } as const;
const textNull = { type: 'text', nullable: true } as const;
const bool = { type: 'boolean' } as const;
const int = { type: 'integer' } as const;
const intNull = { type: 'integer', nullable: true } as const;
const ts = { type: 'datetime', columnType: 'timestamptz' } as const;
const tsNull = { type: 'datetime', columnType: 'timestamptz', nullable: true } as const;
const json = { type: 'json', columnType: 'jsonb' } as const;
// Money: bigint columns (migration 0011) read as numbers, which the domain types as MinorUnits.
const minor = { type: 'bigint', customType: new BigIntType('number'), columnType: 'bigint' } as const;
const minorNull = { ...minor, nullable: true } as const;

function schema<T extends object>(
  cls: new () => T,
  tableName: string,
  properties: Props<T>,
): EntitySchema<T> {
  return new EntitySchema<T>({
    class: cls,
    tableName,
    // EntitySchema's property typing is stricter than what this table-driven form can express.
    properties: properties as never,
  });
}

export const OrganizationSchema = schema(Organization, 'organizations', {
  id: uuidPk,
  name: text,
  slug: text,
  timeZone: text,
  locale: text,
  defaultCurrency: { type: 'string', columnType: 'char(3)' },
  contactPhone: textNull,
  contactEmail: textNull,
  shortLinkBaseUrl: textNull,
  settings: json,
  createdAt: ts,
  updatedAt: ts,
});

export const UserSchema = schema(User, 'users', {
  id: uuidPk,
  organizationId: uuidNull,
  email: text,
  name: text,
  role: text,
  passwordHash: text,
  disabledAt: tsNull,
  inviteTokenHash: textNull,
  inviteExpiresAt: tsNull,
  lastLoginAt: tsNull,
  notifyByEmail: bool,
  createdAt: ts,
  updatedAt: ts,
});

export const StaffSessionSchema = schema(StaffSession, 'staff_sessions', {
  id: uuidPk,
  organizationId: uuidNull,
  userId: uuid,
  tokenHash: text,
  createdAt: ts,
  lastSeenAt: ts,
  expiresAt: ts,
  revokedAt: tsNull,
  ip: textNull,
  userAgent: textNull,
});

export const ApiKeySchema = schema(ApiKey, 'api_keys', {
  id: uuidPk,
  organizationId: uuid,
  name: text,
  prefix: text,
  secretHash: text,
  createdByUserId: uuidNull,
  lastUsedAt: tsNull,
  revokedAt: tsNull,
  createdAt: ts,
});

export const ProviderSchema = schema(Provider, 'providers', {
  id: uuidPk,
  organizationId: uuid,
  name: text,
  email: textNull,
  userId: uuidNull,
  active: bool,
  createdAt: ts,
  updatedAt: ts,
});

export const PatientSchema = schema(Patient, 'patients', {
  id: uuidPk,
  organizationId: uuid,
  name: text,
  email: textNull,
  phone: textNull,
  preferredChannel: textNull,
  emailConsent: bool,
  smsConsent: bool,
  emailOptedOutAt: tsNull,
  smsOptedOutAt: tsNull,
  emailUnusableAt: tsNull,
  externalRef: textNull,
  timeZone: textNull,
  stripeCustomerId: textNull,
  cardBrand: textNull,
  cardLast4: { type: 'string', columnType: 'char(4)', nullable: true },
  cardExpMonth: { type: 'smallint', nullable: true },
  cardExpYear: { type: 'smallint', nullable: true },
  cardPaymentMethodId: textNull,
  cardUpdatedAt: tsNull,
  createdAt: ts,
  updatedAt: ts,
});

export const PaymentLinkSchema = schema(PaymentLink, 'payment_links', {
  id: uuidPk,
  organizationId: uuid,
  providerId: uuidNull,
  patientId: uuid,
  createdByUserId: uuidNull,
  type: text,
  status: text,
  currency: { type: 'string', columnType: 'char(3)' },
  amountMinor: minorNull,
  lineItems: json,
  description: textNull,
  metadata: json,
  shortCode: { type: 'string', columnType: 'varchar(32)' },
  expiresAt: ts,
  completedAt: tsNull,
  expiredAt: tsNull,
  cancelledAt: tsNull,
  stripeCustomerId: textNull,
  stripeSessionId: textNull,
  stripeSessionUrl: textNull,
  stripeSessionExpiresAt: tsNull,
  sessionCount: int,
  paymentIntentId: textNull,
  setupIntentId: textNull,
  receiptUrl: textNull,
  refundedMinor: minor,
  lastPaymentFailureCode: textNull,
  lastPaymentFailureMessage: textNull,
  lastPaymentFailedAt: tsNull,
  sendVia: { type: 'array', columnType: 'text[]' },
  customMessage: textNull,
  clickCount: int,
  lastClickedAt: tsNull,
  firstClickedAt: tsNull,
  emailDeliveredAt: tsNull,
  smsDeliveredAt: tsNull,
  sentViaEmail: bool,
  sentViaSms: bool,
  emailSentAt: tsNull,
  smsSentAt: tsNull,
  recipientEmail: textNull,
  recipientPhone: textNull,
  regeneratedFromLinkId: uuidNull,
  newLinkRequestedAt: tsNull,
  createdAt: ts,
  updatedAt: ts,
  version: { type: 'integer', version: true },
});

export const PaymentSchema = schema(Payment, 'payments', {
  id: uuidPk,
  organizationId: uuid,
  linkId: uuid,
  patientId: uuid,
  providerId: uuidNull,
  status: text,
  currency: { type: 'string', columnType: 'char(3)' },
  amountMinor: minor,
  refundedMinor: minor,
  stripePaymentIntentId: textNull,
  stripeChargeId: textNull,
  receiptUrl: textNull,
  failureCode: textNull,
  failureMessage: textNull,
  paidAt: tsNull,
  createdAt: ts,
  updatedAt: ts,
});

export const MessageSchema = schema(Message, 'messages', {
  id: uuidPk,
  organizationId: uuid,
  linkId: uuidNull,
  patientId: uuid,
  channel: text,
  kind: text,
  reason: text,
  recipient: text,
  status: text,
  provider: textNull,
  providerMessageId: textNull,
  segments: intNull,
  attempts: int,
  errorCode: textNull,
  errorMessage: textNull,
  refusedReason: textNull,
  scheduledFor: tsNull,
  sentAt: tsNull,
  deliveredAt: tsNull,
  failedAt: tsNull,
  fallbackOfMessageId: uuidNull,
  fallbackReason: textNull,
  bulkBatchId: uuidNull,
  customMessage: textNull,
  createdAt: ts,
  updatedAt: ts,
});

export const ALL_SCHEMAS = [
  MessageSchema,
  OrganizationSchema,
  UserSchema,
  StaffSessionSchema,
  ApiKeySchema,
  ProviderSchema,
  PatientSchema,
  PaymentLinkSchema,
  PaymentSchema,
];
