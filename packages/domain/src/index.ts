// The public surface of @clinicpay/domain. Everything exported here is pure TypeScript: no I/O,
// no clock, no randomness — those come in through the ports (interfaces) beside each area, e.g.
// payment-links/payment-gateway.ts, and the cross-cutting ones in shared/ (clock, ids, jobs).

export * from './shared/result.ts';
export * from './shared/app-error.ts';
export * from './shared/assert-never.ts';

export * from './money/currency.ts';
export * from './money/money.ts';
export * from './money/money-error.ts';
export * from './money/parse-money.ts';

export * from './payment-links/link-type.ts';
export * from './payment-links/link-status.ts';
export * from './payment-links/link-state-machine.ts';
export * from './payment-links/link-events.ts';
export * from './payment-links/short-code.ts';
export * from './payment-links/line-item.ts';
export * from './payment-links/resolve-checkout-amount.ts';
export * from './payment-links/session-expiry.ts';
export * from './payment-links/payment-link.ts';
export * from './payment-links/payment-link-ports.ts';
export * from './payment-links/link-read-model.ts';
export * from './payment-links/payment-events.ts';
export * from './payment-links/event-inbox-ports.ts';
export * from './payment-links/use-cases/index.ts';

export * from './patients/contact.ts';
export * from './patients/card-on-file.ts';
export * from './patients/patient.ts';
export * from './patients/update-patient-contact.ts';

export * from './identity/role.ts';
export * from './identity/permission.ts';
export * from './identity/can.ts';
export * from './identity/actor.ts';
export * from './identity/user.ts';
export * from './identity/api-key.ts';
export * from './identity/staff-session.ts';
export * from './identity/identity-ports.ts';
export * from './identity/sign-in.ts';
export * from './identity/api-keys.ts';
export * from './identity/access-ports.ts';
export * from './identity/staff-users.ts';
export * from './identity/notification-preference.ts';

export * from './organizations/organization.ts';
export * from './organizations/update-settings.ts';
export * from './organizations/get-organization.ts';
export * from './organizations/provider.ts';
export * from './payment-links/payment.ts';
export * from './messaging/index.ts';

export * from './shared/clock.ts';
export * from './shared/id-generator.ts';
export * from './shared/random-source.ts';
export * from './identity/password-hasher.ts';
export * from './payment-links/payment-gateway.ts';
export * from './shared/job-queue.ts';
export * from './patients/phone-numbers.ts';
export * from './shared/audit-log.ts';
export * from './organizations/organization-ports.ts';
export * from './patients/patient-ports.ts';

export * from './analytics/index.ts';
