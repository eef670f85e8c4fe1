import type { Currency } from '../money/currency.ts';
import type { Channel } from '../patients/contact.ts';
import type { LinkType } from './link-type.ts';
import type { MinorUnits } from '../money/money.ts';

// What happened to a link, returned by the aggregate's methods for the use case to act on (audit,
// notifications, expiring a Stripe session) or to store in an outbox. Events end up in logs and
// queues, so they deliberately carry no PHI (description, names, addresses) and no short code
// (a bearer secret): handlers that need those load the link.

type LinkEventBase = { linkId: string; organizationId: string; occurredAt: Date };

export type LinkCreated = LinkEventBase & {
  type: 'LinkCreated';
  linkType: LinkType;
  patientId: string;
  providerId: string | null;
  currency: Currency;
  amountMinor: MinorUnits | null;
  expiresAt: Date;
};

/** The previous session should be expired at Stripe so that only one payable URL exists. */
export type SessionRenewed = LinkEventBase & {
  type: 'SessionRenewed';
  previousSessionId: string;
  sessionId: string;
  sessionExpiresAt: Date;
};

export type LinkCompleted = LinkEventBase & {
  type: 'LinkCompleted';
  linkType: LinkType;
  paymentIntentId: string | null;
  setupIntentId: string | null;
  currency: Currency;
  amountMinor: MinorUnits | null;
  /** What the processor reported; differs from amountMinor only in an anomaly worth alerting on. */
  amountPaidMinor: MinorUnits | null;
};

/** `stripeSessionId` is the session to expire at Stripe, if one is still open. */
export type LinkExpired = LinkEventBase & { type: 'LinkExpired'; stripeSessionId: string | null };

export type LinkCancelled = LinkEventBase & { type: 'LinkCancelled'; stripeSessionId: string | null };

export type LinkRefunded = LinkEventBase & {
  type: 'LinkRefunded';
  currency: Currency;
  totalRefundedMinor: MinorUnits;
  /** The part of the total not seen before, e.g. for a "refund issued" notification. */
  newlyRefundedMinor: MinorUnits;
  fullyRefunded: boolean;
};

export type PaymentFailed = LinkEventBase & { type: 'PaymentFailed'; code: string; message: string };

export type LinkClicked = LinkEventBase & { type: 'LinkClicked'; clickCount: number };

export type LinkSent = LinkEventBase & { type: 'LinkSent'; channel: Channel };

export type LinkEvent =
  | LinkCreated
  | SessionRenewed
  | LinkCompleted
  | LinkExpired
  | LinkCancelled
  | LinkRefunded
  | PaymentFailed
  | LinkClicked
  | LinkSent;

/** The only events the domain has so far are link events. */
export type DomainEvent = LinkEvent;

export type LinkEventType = LinkEvent['type'];
