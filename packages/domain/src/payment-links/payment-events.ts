// Payment-processor events in our vocabulary: one member per provider event we handle, a closed
// union. The Stripe adapter translates each webhook into one of these (with an exhaustive switch);
// the use case's dispatcher (use-cases/payment-events/) gives each its own handler, so a new member
// does not compile until it has one.
import type { MinorUnits } from '../money/money.ts';

/** A Checkout Session that finished: paid now, still processing (delayed methods), or a card saved. */
export type CheckoutSessionFinished = {
  sessionId: string;
  linkId: string | null;
  organizationId: string | null;
  mode: 'payment' | 'setup';
  paid: boolean;
  paymentIntentId: string | null;
  setupIntentId: string | null;
  amountTotalMinor: MinorUnits | null;
};

export type PaymentEvent =
  /** checkout.session.completed */
  | ({ type: 'checkout_completed' } & CheckoutSessionFinished)
  /** checkout.session.async_payment_succeeded: a delayed payment (bank debit) cleared. */
  | ({ type: 'checkout_async_succeeded' } & CheckoutSessionFinished)
  /** checkout.session.async_payment_failed */
  | {
      type: 'checkout_async_failed';
      sessionId: string;
      linkId: string | null;
      paymentIntentId: string | null;
    }
  /** checkout.session.expired */
  | { type: 'checkout_expired'; sessionId: string; linkId: string | null }
  /** setup_intent.succeeded */
  | { type: 'setup_succeeded'; setupIntentId: string; linkId: string | null }
  /** payment_intent.payment_failed */
  | {
      type: 'payment_failed';
      paymentIntentId: string;
      linkId: string | null;
      code: string | null;
      declineCode: string | null;
      message: string | null;
      amountMinor: MinorUnits;
      /** The ISO code as the provider sent it (any case), or null when it sent none. */
      currency: string | null;
    }
  /** charge.refunded */
  | {
      type: 'charge_refunded';
      chargeId: string;
      paymentIntentId: string | null;
      amountRefundedMinor: MinorUnits;
    }
  /** payment_method.automatically_updated: the card network renewed a card (account updater). */
  | {
      type: 'card_automatically_updated';
      paymentMethodId: string;
      customerId: string | null;
      brand: string;
      last4: string;
      expMonth: number;
      expYear: number;
    };

export type PaymentEventType = PaymentEvent['type'];

/** An event of a type we do not handle: recorded as ignored and acknowledged, never an error. */
export type UnhandledEvent = { type: 'unhandled'; reason: string };
