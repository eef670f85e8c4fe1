import { parseCurrency } from '../money/currency.ts';
import type { Currency } from '../money/currency.ts';
import { isChannel } from '../patients/contact.ts';
import type { Channel } from '../patients/contact.ts';
import { AppError } from '../shared/app-error.ts';
import type { FieldError } from '../shared/app-error.ts';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { createLineItem, lineItemRecordsTotalMinor, MAX_LINE_ITEMS } from './line-item.ts';
import type { LineItemRecord } from './line-item.ts';
import type { LinkEvent } from './link-events.ts';
import { nextStatus } from './link-state-machine.ts';
import type { LinkAction, Transition } from './link-state-machine.ts';
import type { LinkStatus } from './link-status.ts';
import { isLinkType } from './link-type.ts';
import type { LinkType } from './link-type.ts';
import { parseShortCode } from './short-code.ts';
import type { ShortCode } from './short-code.ts';
import type { MinorUnits } from '../money/money.ts';
import { subtractMinor } from '../money/money.ts';
import { ZERO_MINOR } from '../money/money.ts';

const HOUR_MS = 60 * 60 * 1000;

/** CHECKOUT links are for a visit just had; CARD_UPDATE requests can sit in an inbox for weeks. */
export const DEFAULT_EXPIRES_IN_HOURS: Readonly<Record<LinkType, number>> = {
  CHECKOUT: 72,
  CARD_UPDATE: 720,
};
export const MIN_EXPIRES_IN_HOURS = 1;
export const MAX_EXPIRES_IN_HOURS = 720;
export const DESCRIPTION_MAX_LENGTH = 500;
/** Two SMS segments, once the link URL is appended. */
export const CUSTOM_MESSAGE_MAX_LENGTH = 320;
/** A session this close to its end is replaced rather than handed to a patient who needs time to type a card. */
export const SESSION_RENEWAL_MARGIN_MS = 60 * 1000;
// Stripe's metadata limits, so that metadata can be copied onto the Checkout Session unchanged.
export const METADATA_MAX_KEYS = 50;
export const METADATA_KEY_MAX_LENGTH = 40;
export const METADATA_VALUE_MAX_LENGTH = 500;

export type CreatePaymentLinkInput = {
  id: string;
  organizationId: string;
  providerId?: string | null;
  patientId: string;
  createdByUserId?: string | null;
  type: LinkType;
  currency: string;
  /** Required (> 0) for CHECKOUT, null for CARD_UPDATE. */
  amountMinor: MinorUnits | null;
  /** Optional breakdown; when present its total must equal amountMinor (see resolveCheckoutAmount). */
  lineItems?: readonly LineItemRecord[];
  description?: string | null;
  shortCode: ShortCode;
  /** Defaults to DEFAULT_EXPIRES_IN_HOURS for the type. */
  expiresInHours?: number;
  now: Date;
  sendVia?: readonly string[];
  customMessage?: string | null;
  stripeCustomerId?: string | null;
  metadata?: Record<string, string>;
};

export type AttachSessionInput = { id: string; url: string; expiresAt: Date };

export type CompleteInput = {
  now: Date;
  /** Required for CHECKOUT. */
  paymentIntentId?: string | null;
  /** Required for CARD_UPDATE. */
  setupIntentId?: string | null;
  amountPaidMinor?: MinorUnits | null;
  receiptUrl?: string | null;
};

type LinkEvents = Result<LinkEvent[], AppError>;

/**
 * A payment link (or card-update link) and the rules for what may happen to it. Every method takes
 * `now` from the caller so that one use case sees one instant. Expected outcomes — invalid input,
 * a state that forbids the action — come back as `err(AppError)`; replays that have already
 * happened come back as `ok([])`, because Stripe delivers webhooks at least once and out of order.
 *
 * Fields are public and mutable because the ORM maps this class directly; change them only
 * through the methods.
 */
export class PaymentLink {
  id!: string;
  organizationId!: string;
  /** The clinician the charge is for. */
  providerId: string | null = null;
  patientId!: string;
  /** Null when created through an API key or by the system. */
  createdByUserId: string | null = null;
  type!: LinkType;
  status: LinkStatus = 'ACTIVE';
  currency!: Currency;
  amountMinor: MinorUnits | null = null;
  lineItems: LineItemRecord[] = [];
  /** PHI-adjacent (may name a treatment): shown on the link page, kept out of events and logs. */
  description: string | null = null;
  /** Bearer secret: whoever has it can pay. Never log it. */
  shortCode!: string;
  expiresAt!: Date;
  completedAt: Date | null = null;
  expiredAt: Date | null = null;
  cancelledAt: Date | null = null;
  stripeCustomerId: string | null = null;
  /** The current Checkout Session; replaced when it nears its (≤ 24 h) end. */
  stripeSessionId: string | null = null;
  stripeSessionUrl: string | null = null;
  stripeSessionExpiresAt: Date | null = null;
  /** How many Checkout Sessions this link has had: part of each new session's idempotency key. */
  sessionCount = 0;
  paymentIntentId: string | null = null;
  setupIntentId: string | null = null;
  receiptUrl: string | null = null;
  refundedMinor: MinorUnits = ZERO_MINOR;
  lastPaymentFailureCode: string | null = null;
  lastPaymentFailureMessage: string | null = null;
  lastPaymentFailedAt: Date | null = null;
  sendVia: Channel[] = [];
  customMessage: string | null = null;
  clickCount = 0;
  lastClickedAt: Date | null = null;
  /** The first human click (kept by the click recorder beside the raw clicks). */
  firstClickedAt: Date | null = null;
  /** When a message on each channel was first reported delivered. */
  emailDeliveredAt: Date | null = null;
  smsDeliveredAt: Date | null = null;
  sentViaEmail = false;
  sentViaSms = false;
  emailSentAt: Date | null = null;
  smsSentAt: Date | null = null;
  recipientEmail: string | null = null;
  recipientPhone: string | null = null;
  metadata: Record<string, string> = {};
  /** The link this one replaced (regenerate). */
  regeneratedFromLinkId: string | null = null;
  /** When the patient asked the clinic for a new link from the expired-link page. */
  newLinkRequestedAt: Date | null = null;
  createdAt!: Date;
  updatedAt!: Date;
  /** Optimistic-locking counter owned by the persistence layer; the domain never changes it. */
  version = 1;

  static create(input: CreatePaymentLinkInput): Result<{ link: PaymentLink; events: LinkEvent[] }, AppError> {
    const errors: FieldError[] = [];

    if (!isLinkType(input.type))
      errors.push({ field: 'type', message: 'Type must be CHECKOUT or CARD_UPDATE' });
    const currency = parseCurrency(input.currency);
    if (currency === null) {
      errors.push({ field: 'currency', message: `Currency ${String(input.currency)} is not supported` });
    }

    const lineItems = input.lineItems ?? [];
    if (input.type === 'CHECKOUT') {
      errors.push(...validateCheckoutAmount(input.amountMinor, lineItems, currency));
    } else if (input.type === 'CARD_UPDATE') {
      if (input.amountMinor !== null) {
        errors.push({ field: 'amount', message: 'Card update links do not take an amount' });
      }
      if (lineItems.length > 0)
        errors.push({ field: 'items', message: 'Card update links do not take items' });
    }

    const expiresInHours = input.expiresInHours ?? DEFAULT_EXPIRES_IN_HOURS[input.type] ?? 0;
    if (
      !Number.isInteger(expiresInHours) ||
      expiresInHours < MIN_EXPIRES_IN_HOURS ||
      expiresInHours > MAX_EXPIRES_IN_HOURS
    ) {
      errors.push({
        field: 'expiresIn',
        message: `Expiry must be a whole number of hours from ${MIN_EXPIRES_IN_HOURS} to ${MAX_EXPIRES_IN_HOURS}`,
      });
    }

    const description = optionalText(input.description);
    if (description !== null && codePointLength(description) > DESCRIPTION_MAX_LENGTH) {
      errors.push({
        field: 'description',
        message: `Description must be at most ${DESCRIPTION_MAX_LENGTH} characters`,
      });
    }
    const customMessage = optionalText(input.customMessage);
    if (customMessage !== null && codePointLength(customMessage) > CUSTOM_MESSAGE_MAX_LENGTH) {
      errors.push({
        field: 'customMessage',
        message: `Message must be at most ${CUSTOM_MESSAGE_MAX_LENGTH} characters`,
      });
    }

    const sendVia: Channel[] = [];
    for (const channel of input.sendVia ?? []) {
      if (!isChannel(channel)) {
        errors.push({ field: 'sendVia', message: `Unknown channel "${channel}"; use email or sms` });
      } else if (!sendVia.includes(channel)) {
        sendVia.push(channel);
      }
    }

    const metadata = input.metadata ?? {};
    const metadataError = validateMetadata(metadata);
    if (metadataError !== null) errors.push({ field: 'metadata', message: metadataError });

    if (errors.length > 0 || currency === null) return err(AppError.validationErrors(errors));

    // The branded type already guarantees this unless someone cast a string; a malformed code
    // would produce an unreachable link, so it is a bug, not bad input.
    if (parseShortCode(input.shortCode) !== input.shortCode) {
      return err(AppError.internal('Payment link short code is malformed'));
    }

    const link = new PaymentLink();
    link.id = input.id;
    link.organizationId = input.organizationId;
    link.providerId = input.providerId ?? null;
    link.patientId = input.patientId;
    link.createdByUserId = input.createdByUserId ?? null;
    link.type = input.type;
    link.status = 'ACTIVE';
    link.currency = currency;
    link.amountMinor = input.type === 'CHECKOUT' ? input.amountMinor : null;
    link.lineItems = lineItems.map((item) => ({
      name: item.name.trim(),
      unitAmountMinor: item.unitAmountMinor,
      quantity: item.quantity,
    }));
    link.description = description;
    link.shortCode = input.shortCode;
    link.expiresAt = new Date(input.now.getTime() + expiresInHours * HOUR_MS);
    link.sendVia = sendVia;
    link.customMessage = customMessage;
    link.stripeCustomerId = input.stripeCustomerId ?? null;
    link.metadata = { ...metadata };
    link.createdAt = input.now;
    link.updatedAt = input.now;

    return ok({
      link,
      events: [
        {
          ...link.eventBase(input.now),
          type: 'LinkCreated',
          linkType: link.type,
          patientId: link.patientId,
          providerId: link.providerId,
          currency: link.currency,
          amountMinor: link.amountMinor,
          expiresAt: link.expiresAt,
        },
      ],
    });
  }

  /** Whether a patient opening the link now may pay (or save a card). */
  isPayable(now: Date): boolean {
    return this.status === 'ACTIVE' && now.getTime() < this.expiresAt.getTime();
  }

  /** Whether a fresh Checkout Session must be created before sending the patient to Stripe. */
  needsNewSession(now: Date): boolean {
    if (!this.isPayable(now)) return false;
    if (
      this.stripeSessionId === null ||
      this.stripeSessionUrl === null ||
      this.stripeSessionExpiresAt === null
    ) {
      return true;
    }
    return this.stripeSessionExpiresAt.getTime() - now.getTime() <= SESSION_RENEWAL_MARGIN_MS;
  }

  /**
   * Records the Checkout Session the patient is sent to. A link outlives any one session (≤ 24 h),
   * so a new session replaces the old one and SessionRenewed names the old one for expiring at
   * Stripe. Attaching the current session again changes nothing.
   */
  /**
   * Stripe says a session ended (timed out, or we expired it). The link itself lives on — its
   * lifetime is not the session's — so only the stale session is forgotten; the next click makes a
   * new one. An event about any other session (an older one, or after payment) changes nothing.
   */
  forgetSession(sessionId: string, now: Date): boolean {
    if (this.status !== 'ACTIVE' || this.stripeSessionId !== sessionId) return false;
    this.stripeSessionUrl = null;
    this.stripeSessionExpiresAt = now;
    this.updatedAt = now;
    return true;
  }

  attachSession(session: AttachSessionInput, now: Date): LinkEvents {
    if (!this.isPayable(now)) {
      return err(
        AppError.conflict(
          this.status === 'ACTIVE' ? 'The link has expired' : 'The link can no longer be paid',
        ),
      );
    }
    if (session.expiresAt.getTime() <= now.getTime()) {
      return err(AppError.internal('Cannot attach a Checkout Session that has already expired'));
    }
    if (session.id === this.stripeSessionId) return ok([]);

    const previousSessionId = this.stripeSessionId;
    this.sessionCount += 1;
    this.stripeSessionId = session.id;
    this.stripeSessionUrl = session.url;
    this.stripeSessionExpiresAt = session.expiresAt;
    this.updatedAt = now;
    if (previousSessionId === null) return ok([]);
    return ok([
      {
        ...this.eventBase(now),
        type: 'SessionRenewed',
        previousSessionId,
        sessionId: session.id,
        sessionExpiresAt: session.expiresAt,
      },
    ]);
  }

  /**
   * The patient paid (CHECKOUT) or saved a card (CARD_UPDATE). Completing from ACTIVE works even
   * just past expiresAt — the money was taken before the expiry job ran. A replay for the same
   * payment is a no-op (it may fill in a receipt URL the first delivery lacked); a different
   * payment for an already-paid link, or any payment for an EXPIRED or CANCELLED link, is a
   * CONFLICT: the use case decides how to surface and reconcile it (e.g. refund a late payment).
   */
  complete(input: CompleteInput): LinkEvents {
    const paymentIntentId = input.paymentIntentId ?? null;
    const setupIntentId = input.setupIntentId ?? null;
    const amountPaidMinor = input.amountPaidMinor ?? null;

    const transition = nextStatus(this.status, 'COMPLETE');
    if (transition.kind === 'reject') return err(AppError.conflict(transition.reason));
    if (transition.kind === 'ignore') {
      const samePayment =
        this.type === 'CHECKOUT'
          ? paymentIntentId !== null && paymentIntentId === this.paymentIntentId
          : setupIntentId !== null && setupIntentId === this.setupIntentId;
      if (!samePayment)
        return err(AppError.conflict('The link has already been completed by another payment'));
      if (this.receiptUrl === null && input.receiptUrl) {
        this.receiptUrl = input.receiptUrl;
        this.updatedAt = input.now;
      }
      return ok([]);
    }

    if (this.type === 'CHECKOUT' && paymentIntentId === null) {
      return err(AppError.validation('paymentIntentId', 'A checkout link is completed by a payment intent'));
    }
    if (this.type === 'CARD_UPDATE' && setupIntentId === null) {
      return err(AppError.validation('setupIntentId', 'A card update link is completed by a setup intent'));
    }
    if (amountPaidMinor !== null && (!Number.isSafeInteger(amountPaidMinor) || amountPaidMinor < 0)) {
      return err(AppError.validation('amountPaidMinor', 'Amount paid must be a non-negative integer'));
    }

    this.status = transition.to;
    this.completedAt = input.now;
    this.paymentIntentId = paymentIntentId;
    this.setupIntentId = setupIntentId;
    this.receiptUrl = input.receiptUrl ?? null;
    this.updatedAt = input.now;
    return ok([
      {
        ...this.eventBase(input.now),
        type: 'LinkCompleted',
        linkType: this.type,
        paymentIntentId,
        setupIntentId,
        currency: this.currency,
        amountMinor: this.amountMinor,
        amountPaidMinor: this.type === 'CHECKOUT' ? (amountPaidMinor ?? this.amountMinor) : null,
      },
    ]);
  }

  /**
   * Called by the expiry job at (or after) expiresAt. On a link that is already paid, cancelled or
   * expired it does nothing: the job and webhooks race, and whichever came first stands.
   */
  expire(now: Date): LinkEvents {
    const transition = nextStatus(this.status, 'EXPIRE');
    if (transition.kind !== 'move') return this.settle(transition);
    if (now.getTime() < this.expiresAt.getTime()) {
      return err(AppError.conflict('The link has not reached its expiry time'));
    }
    this.status = transition.to;
    this.expiredAt = now;
    this.updatedAt = now;
    return ok([{ ...this.eventBase(now), type: 'LinkExpired', stripeSessionId: this.stripeSessionId }]);
  }

  /** Staff withdraw an unpaid link. Cancelling twice is a no-op; a paid link cannot be cancelled. */
  cancel(now: Date): LinkEvents {
    const transition = nextStatus(this.status, 'CANCEL');
    if (transition.kind !== 'move') return this.settle(transition);
    this.status = transition.to;
    this.cancelledAt = now;
    this.updatedAt = now;
    return ok([{ ...this.eventBase(now), type: 'LinkCancelled', stripeSessionId: this.stripeSessionId }]);
  }

  /**
   * Records the cumulative amount refunded, as Stripe reports it (charge.amount_refunded). Takes
   * the total rather than a delta so that duplicated or reordered webhooks cannot double-count:
   * a total at or below what is already recorded is ignored. A total above the charged amount is
   * capped at it.
   */
  recordRefund(input: { totalRefundedMinor: MinorUnits; now: Date }): LinkEvents {
    const amountMinor = this.amountMinor;
    if (this.type !== 'CHECKOUT' || amountMinor === null) {
      return err(AppError.conflict('Only checkout links can be refunded'));
    }
    const { totalRefundedMinor, now } = input;
    if (!Number.isSafeInteger(totalRefundedMinor) || totalRefundedMinor < 0) {
      return err(AppError.validation('totalRefundedMinor', 'Refunded total must be a non-negative integer'));
    }

    const total = totalRefundedMinor < amountMinor ? totalRefundedMinor : amountMinor;
    const action: LinkAction = total >= amountMinor ? 'REFUND_FULL' : 'REFUND_PARTIAL';
    const transition = nextStatus(this.status, action);
    if (transition.kind !== 'move') return this.settle(transition);
    if (total <= this.refundedMinor) return ok([]);

    const newlyRefundedMinor = subtractMinor(total, this.refundedMinor);
    this.refundedMinor = total;
    this.status = transition.to;
    this.updatedAt = now;
    return ok([
      {
        ...this.eventBase(now),
        type: 'LinkRefunded',
        currency: this.currency,
        totalRefundedMinor: total,
        newlyRefundedMinor,
        fullyRefunded: transition.to === 'REFUNDED',
      },
    ]);
  }

  /**
   * A payment attempt failed (card declined, authentication failed). The link stays ACTIVE so the
   * patient can try another card. Failures reported after the link left ACTIVE are stale and ignored.
   */
  recordPaymentFailure(input: { code: string; message: string; now: Date }): LinkEvents {
    if (this.status !== 'ACTIVE') return ok([]);
    this.lastPaymentFailureCode = input.code;
    this.lastPaymentFailureMessage = input.message;
    this.lastPaymentFailedAt = input.now;
    this.updatedAt = input.now;
    return ok([
      { ...this.eventBase(input.now), type: 'PaymentFailed', code: input.code, message: input.message },
    ]);
  }

  /** A provider reported a message about this link delivered: the first report per channel counts. */
  recordDelivered(channel: Channel, at: Date): boolean {
    if (channel === 'email' ? this.emailDeliveredAt : this.smsDeliveredAt) return false;
    if (channel === 'email') this.emailDeliveredAt = at;
    else this.smsDeliveredAt = at;
    this.updatedAt = at;
    return true;
  }

  /** Counted in any status: clinics want to know a patient opened a link even after it expired. */
  recordClick(now: Date): LinkEvents {
    this.clickCount += 1;
    this.lastClickedAt = now;
    this.updatedAt = now;
    return ok([{ ...this.eventBase(now), type: 'LinkClicked', clickCount: this.clickCount }]);
  }

  /** The provider accepted the email/SMS. Recorded whatever the status: the message went out. */
  recordSent(input: { channel: Channel; recipient: string; now: Date }): LinkEvents {
    const { channel, recipient, now } = input;
    if (channel === 'email') {
      this.sentViaEmail = true;
      this.emailSentAt = now;
      this.recipientEmail = recipient;
    } else {
      this.sentViaSms = true;
      this.smsSentAt = now;
      this.recipientPhone = recipient;
    }
    this.updatedAt = now;
    return ok([{ ...this.eventBase(now), type: 'LinkSent', channel }]);
  }

  private settle(transition: Exclude<Transition, { kind: 'move' }>): LinkEvents {
    return transition.kind === 'ignore' ? ok([]) : err(AppError.conflict(transition.reason));
  }

  private eventBase(now: Date): { linkId: string; organizationId: string; occurredAt: Date } {
    return { linkId: this.id, organizationId: this.organizationId, occurredAt: now };
  }
}

function validateCheckoutAmount(
  amountMinor: number | null,
  lineItems: readonly LineItemRecord[],
  currency: Currency | null,
): FieldError[] {
  const errors: FieldError[] = [];
  const amountValid = amountMinor !== null && Number.isSafeInteger(amountMinor) && amountMinor > 0;
  if (!amountValid) errors.push({ field: 'amount', message: 'Amount must be greater than 0' });
  if (lineItems.length > MAX_LINE_ITEMS) {
    errors.push({ field: 'items', message: `At most ${MAX_LINE_ITEMS} items are allowed` });
    return errors;
  }

  let itemsValid = true;
  lineItems.forEach((item, index) => {
    const unitAmountMinor = item.unitAmountMinor;
    const path = `items[${index}]`;
    if (!Number.isSafeInteger(unitAmountMinor) || unitAmountMinor < 0) {
      errors.push({ field: `${path}.price`, message: 'Price must be a whole number of minor units' });
      itemsValid = false;
      return;
    }
    // Only name, quantity and price > 0 are checked here, none of which depends on the currency;
    // the fallback lets item errors be reported alongside an unsupported-currency error.
    const unitAmount = { amountMinor: unitAmountMinor, currency: currency ?? 'USD' } as const;
    const result = createLineItem(
      { name: item.name, unitAmount, quantity: item.quantity },
      { path, unitAmountField: 'price' },
    );
    if (!result.ok) {
      errors.push(...result.error.fieldErrors);
      itemsValid = false;
    }
  });

  if (itemsValid && amountValid && lineItems.length > 0) {
    const total = lineItemRecordsTotalMinor(lineItems);
    if (total !== amountMinor) {
      const message = 'The amount does not match the total of the items';
      errors.push({ field: 'amount', message }, { field: 'items', message });
    }
  }
  return errors;
}

/** Blank optional text means "none", so the link page doesn't render an empty box. */
function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function codePointLength(text: string): number {
  return [...text].length;
}

function validateMetadata(metadata: Record<string, string>): string | null {
  const entries = Object.entries(metadata);
  if (entries.length > METADATA_MAX_KEYS) return `Metadata can have at most ${METADATA_MAX_KEYS} keys`;
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > METADATA_KEY_MAX_LENGTH) {
      return `Metadata keys must be 1 to ${METADATA_KEY_MAX_LENGTH} characters`;
    }
    if (typeof value !== 'string' || value.length > METADATA_VALUE_MAX_LENGTH) {
      return `Metadata values must be strings of at most ${METADATA_VALUE_MAX_LENGTH} characters`;
    }
  }
  return null;
}
