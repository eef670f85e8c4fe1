// The public surface of @clinicpay/domain. Everything exported here is pure TypeScript: no I/O,
// no clock, no randomness — those come in through the interfaces in ./ports.

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
export * from './payment-links/payment-events.ts';
export * from './payment-links/use-cases/index.ts';

export * from './patients/contact.ts';
export * from './patients/card-on-file.ts';
export * from './patients/patient.ts';

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
export * from './identity/staff-users.ts';

export * from './organizations/organization.ts';
export * from './organizations/update-settings.ts';
export * from './providers/provider.ts';
export * from './payments/payment.ts';
export * from './messages/index.ts';
export * from './messaging/index.ts';

export * from './ports/clock.ts';
export * from './ports/id-generator.ts';
export * from './ports/random-source.ts';
export * from './ports/password-hasher.ts';
export * from './ports/send-error.ts';
export * from './ports/payment-gateway.ts';
export * from './ports/email-sender.ts';
export * from './ports/sms-sender.ts';
export * from './ports/job-queue.ts';
export * from './ports/phone-numbers.ts';
export * from './ports/repositories.ts';
export * from './ports/clinic-repositories.ts';

export * from './analytics/index.ts';
