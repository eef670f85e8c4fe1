import type { Currency } from '../money/currency.ts';
import type { Result } from '../shared/result.ts';
import type { MinorUnits } from '../money/money.ts';

// What the application needs from the card processor (Stripe), in our own vocabulary. Amounts are
// integer minor units; instants are Dates. Every call that creates something takes an idempotency
// key so a retried job cannot create two customers or two sessions.

export type GatewayError = {
  /** `permanent`: the request itself was rejected (invalid parameters, card declined) — don't retry.
   * `transient`: network failure, rate limit, 5xx — retry with the same idempotency key. */
  kind: 'permanent' | 'transient';
  /** The processor's error code, e.g. "resource_missing", "card_declined". */
  code: string;
  /** The processor's own wording: for logs, never for people (see gatewayFailure). */
  message: string;
  /** The request parameter the error is about, e.g. "customer" for a customer Stripe does not know. */
  param?: string;
  /** For card declines: "insufficient_funds", "expired_card", ... */
  declineCode?: string;
};

export type GatewayLineItem = { name: string; unitAmountMinor: MinorUnits; quantity: number };

export type CreateCustomerInput = {
  idempotencyKey: string;
  email?: string;
  name?: string;
  phone?: string;
  metadata: Record<string, string>;
};

export type CreateCheckoutSessionInput = {
  idempotencyKey: string;
  /** `payment` charges the line items; `setup` only saves a card for later (CARD_UPDATE links). */
  mode: 'payment' | 'setup';
  customerId: string;
  currency: Currency;
  /** Required for `payment`, ignored for `setup`. */
  lineItems?: GatewayLineItem[];
  /** Our link id, so the completion webhook can be matched even if metadata is lost. */
  clientReferenceId: string;
  metadata: Record<string, string>;
  successUrl: string;
  cancelUrl: string;
  /** See computeSessionExpiresAt for the window Stripe accepts. */
  expiresAt: Date;
};

export type CheckoutSession = { sessionId: string; url: string; expiresAt: Date };

export type CheckoutSessionStatus = 'open' | 'complete' | 'expired';

export type CheckoutSessionDetails = {
  sessionId: string;
  status: CheckoutSessionStatus;
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
  mode: 'payment' | 'setup';
  /** Null once the session is complete or expired. */
  url: string | null;
  expiresAt: Date;
  customerId: string | null;
  clientReferenceId: string | null;
  paymentIntentId: string | null;
  setupIntentId: string | null;
  amountTotalMinor: MinorUnits | null;
  currency: string | null;
  metadata: Record<string, string>;
};

export type PaymentMethodSummary = {
  paymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
};

export type ChargeDetails = {
  chargeId: string;
  paymentIntentId: string | null;
  amountMinor: MinorUnits;
  amountRefundedMinor: MinorUnits;
  currency: string;
  receiptUrl: string | null;
  /** True once the whole charge has been refunded. */
  refunded: boolean;
  status: 'succeeded' | 'pending' | 'failed';
};

export type PaymentIntentDetails = {
  paymentIntentId: string;
  status: string;
  amountMinor: MinorUnits;
  currency: string;
  latestChargeId: string | null;
  metadata: Record<string, string>;
  lastPaymentError: { code: string | null; declineCode: string | null; message: string | null } | null;
};

export type SetupIntentDetails = {
  setupIntentId: string;
  status: string;
  paymentMethodId: string | null;
  customerId: string | null;
  metadata: Record<string, string>;
};

export type PaymentMethodDetails = {
  paymentMethodId: string;
  customerId: string | null;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
};

export interface PaymentGateway {
  retrievePaymentIntent(paymentIntentId: string): Promise<Result<PaymentIntentDetails, GatewayError>>;
  retrieveSetupIntent(setupIntentId: string): Promise<Result<SetupIntentDetails, GatewayError>>;
  retrievePaymentMethod(paymentMethodId: string): Promise<Result<PaymentMethodDetails, GatewayError>>;
  createCustomer(input: CreateCustomerInput): Promise<Result<{ customerId: string }, GatewayError>>;
  createCheckoutSession(input: CreateCheckoutSessionInput): Promise<Result<CheckoutSession, GatewayError>>;
  retrieveCheckoutSession(sessionId: string): Promise<Result<CheckoutSessionDetails, GatewayError>>;
  /** Closes an open session so its URL stops working (link cancelled, expired or replaced). Expiring a
   * session that is already complete or expired is reported as a permanent error by the processor. */
  expireCheckoutSession(
    sessionId: string,
  ): Promise<Result<{ sessionId: string; status: CheckoutSessionStatus }, GatewayError>>;
  listPaymentMethods(customerId: string): Promise<Result<PaymentMethodSummary[], GatewayError>>;
  setDefaultPaymentMethod(customerId: string, paymentMethodId: string): Promise<Result<void, GatewayError>>;
  retrieveCharge(chargeId: string): Promise<Result<ChargeDetails, GatewayError>>;
}
