// Payment-processor events in our vocabulary. The Stripe adapter translates each webhook into one
// of these (with an exhaustive switch); the use case decides what it means for our links.
export type PaymentEvent =
  | {
      type: 'checkout_completed';
      sessionId: string;
      linkId: string | null;
      organizationId: string | null;
      mode: 'payment' | 'setup';
      paid: boolean;
      paymentIntentId: string | null;
      setupIntentId: string | null;
      amountTotalMinor: number | null;
    }
  | {
      type: 'checkout_async_failed';
      sessionId: string;
      linkId: string | null;
      paymentIntentId: string | null;
    }
  | { type: 'checkout_expired'; sessionId: string; linkId: string | null }
  | { type: 'setup_succeeded'; setupIntentId: string; linkId: string | null }
  | {
      type: 'payment_failed';
      paymentIntentId: string;
      linkId: string | null;
      code: string | null;
      declineCode: string | null;
      message: string | null;
      amountMinor: number;
      currency: string;
    }
  | { type: 'charge_refunded'; chargeId: string; paymentIntentId: string | null; amountRefundedMinor: number }
  | {
      type: 'card_automatically_updated';
      paymentMethodId: string;
      customerId: string | null;
      brand: string;
      last4: string;
      expMonth: number;
      expYear: number;
    }
  | { type: 'ignored'; reason: string };
