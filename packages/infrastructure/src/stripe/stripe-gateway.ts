// PaymentGateway on Stripe (or the local sandbox, which speaks the same API). Amounts stay in minor
// units end to end; every failure comes back as a GatewayError value (see classify-error.ts).
import type Stripe from 'stripe';
import {
  err,
  type ChargeDetails,
  type CheckoutSession,
  type CheckoutSessionDetails,
  type CheckoutSessionStatus,
  type CreateCheckoutSessionInput,
  type CreateCustomerInput,
  type PaymentGateway,
  type PaymentMethodSummary,
} from '@clinicpay/domain';
import { sessionParams } from './checkout-session-params.ts';
import { GatewayFailure, call, idOf, oneOf, unexpected, type GatewayResult } from './gateway-call.ts';

export type PaymentIntentStatus =
  | 'canceled'
  | 'processing'
  | 'requires_action'
  | 'requires_capture'
  | 'requires_confirmation'
  | 'requires_payment_method'
  | 'succeeded';

export type PaymentIntentDetails = {
  paymentIntentId: string;
  status: PaymentIntentStatus;
  amountMinor: number;
  currency: string;
  latestChargeId: string | null;
  metadata: Record<string, string>;
  /** The last failed attempt (e.g. code `card_declined`, declineCode `insufficient_funds`). */
  lastPaymentError: { code: string; declineCode: string | null; message: string } | null;
};

export type SetupIntentStatus =
  | 'canceled'
  | 'processing'
  | 'requires_action'
  | 'requires_confirmation'
  | 'requires_payment_method'
  | 'succeeded';

export type SetupIntentDetails = {
  setupIntentId: string;
  status: SetupIntentStatus;
  paymentMethodId: string | null;
  customerId: string | null;
  metadata: Record<string, string>;
};

/** A card PaymentMethod; whether it is the customer's default needs the customer (listPaymentMethods). */
export type PaymentMethodDetails = Omit<PaymentMethodSummary, 'isDefault'> & { customerId: string | null };

const PAYMENT_INTENT_STATUSES: readonly string[] = [
  'canceled',
  'processing',
  'requires_action',
  'requires_capture',
  'requires_confirmation',
  'requires_payment_method',
  'succeeded',
] satisfies PaymentIntentStatus[];
const SETUP_INTENT_STATUSES: readonly string[] = [
  'canceled',
  'processing',
  'requires_action',
  'requires_confirmation',
  'requires_payment_method',
  'succeeded',
] satisfies SetupIntentStatus[];
const SESSION_STATUSES: readonly string[] = ['open', 'complete', 'expired'] satisfies CheckoutSessionStatus[];
const PAYMENT_STATUSES: readonly string[] = ['paid', 'unpaid', 'no_payment_required'];
const CHARGE_STATUSES: readonly string[] = ['succeeded', 'pending', 'failed'];
const MAX_LISTED_PAYMENT_METHODS = 1000;

function cardSummary(pm: Stripe.PaymentMethod): Omit<PaymentMethodSummary, 'isDefault'> {
  const card = pm.card;
  if (pm.type !== 'card' || !card) throw unexpected('payment_method.type', pm.type);
  return {
    paymentMethodId: pm.id,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.exp_month,
    expYear: card.exp_year,
  };
}

export class StripePaymentGateway implements PaymentGateway {
  readonly #stripe: Stripe;

  constructor(options: { client: Stripe }) {
    this.#stripe = options.client;
  }

  createCustomer(input: CreateCustomerInput): GatewayResult<{ customerId: string }> {
    return call(async () => {
      const customer = await this.#stripe.customers.create(
        {
          metadata: input.metadata,
          ...(input.email === undefined ? {} : { email: input.email }),
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.phone === undefined ? {} : { phone: input.phone }),
        },
        { idempotencyKey: input.idempotencyKey },
      );
      return { customerId: customer.id };
    });
  }

  async createCheckoutSession(input: CreateCheckoutSessionInput): GatewayResult<CheckoutSession> {
    if (input.mode === 'payment' && (input.lineItems ?? []).length === 0) {
      return err({
        kind: 'permanent',
        code: 'parameter_missing',
        message: 'A payment session needs line items.',
      });
    }
    return call(async () => {
      const session = await this.#stripe.checkout.sessions.create(sessionParams(input), {
        idempotencyKey: input.idempotencyKey,
      });
      if (!session.url) throw unexpected('checkout.session.url', session.url);
      return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
    });
  }

  retrieveCheckoutSession(sessionId: string): GatewayResult<CheckoutSessionDetails> {
    return call(async () => {
      const session = await this.#stripe.checkout.sessions.retrieve(sessionId);
      return {
        sessionId: session.id,
        status: oneOf<CheckoutSessionStatus>(SESSION_STATUSES, session.status, 'checkout.session.status'),
        paymentStatus: oneOf<CheckoutSessionDetails['paymentStatus']>(
          PAYMENT_STATUSES,
          session.payment_status,
          'checkout.session.payment_status',
        ),
        mode: oneOf<CheckoutSessionDetails['mode']>(
          ['payment', 'setup'],
          session.mode,
          'checkout.session.mode',
        ),
        url: session.url,
        expiresAt: new Date(session.expires_at * 1000),
        customerId: idOf(session.customer),
        clientReferenceId: session.client_reference_id,
        paymentIntentId: idOf(session.payment_intent),
        setupIntentId: idOf(session.setup_intent),
        amountTotalMinor: session.amount_total,
        currency: session.currency,
        metadata: session.metadata ?? {},
      };
    });
  }

  expireCheckoutSession(
    sessionId: string,
  ): GatewayResult<{ sessionId: string; status: CheckoutSessionStatus }> {
    return call(async () => {
      const session = await this.#stripe.checkout.sessions.expire(sessionId);
      return {
        sessionId: session.id,
        status: oneOf<CheckoutSessionStatus>(SESSION_STATUSES, session.status, 'checkout.session.status'),
      };
    });
  }

  listPaymentMethods(customerId: string): GatewayResult<PaymentMethodSummary[]> {
    return call(async () => {
      const customer = await this.#stripe.customers.retrieve(customerId);
      if (customer.deleted) {
        throw new GatewayFailure({
          kind: 'permanent',
          code: 'resource_missing',
          message: `Customer ${customerId} was deleted.`,
        });
      }
      const defaultId = idOf(customer.invoice_settings.default_payment_method);
      const methods = await this.#stripe.customers
        .listPaymentMethods(customerId, { type: 'card', limit: 100 })
        .autoPagingToArray({ limit: MAX_LISTED_PAYMENT_METHODS });
      return methods
        .filter((pm) => pm.type === 'card' && pm.card)
        .map((pm) => ({ ...cardSummary(pm), isDefault: pm.id === defaultId }));
    });
  }

  setDefaultPaymentMethod(customerId: string, paymentMethodId: string): GatewayResult<void> {
    return call(async () => {
      await this.#stripe.customers.update(customerId, {
        invoice_settings: { default_payment_method: paymentMethodId },
      });
    });
  }

  retrieveCharge(chargeId: string): GatewayResult<ChargeDetails> {
    return call(async () => {
      const charge = await this.#stripe.charges.retrieve(chargeId);
      return {
        chargeId: charge.id,
        paymentIntentId: idOf(charge.payment_intent),
        amountMinor: charge.amount,
        amountRefundedMinor: charge.amount_refunded,
        currency: charge.currency,
        receiptUrl: charge.receipt_url,
        refunded: charge.refunded,
        status: oneOf<ChargeDetails['status']>(CHARGE_STATUSES, charge.status, 'charge.status'),
      };
    });
  }

  retrievePaymentIntent(paymentIntentId: string): GatewayResult<PaymentIntentDetails> {
    return call(async () => {
      const intent = await this.#stripe.paymentIntents.retrieve(paymentIntentId);
      const error = intent.last_payment_error;
      return {
        paymentIntentId: intent.id,
        status: oneOf<PaymentIntentStatus>(PAYMENT_INTENT_STATUSES, intent.status, 'payment_intent.status'),
        amountMinor: intent.amount,
        currency: intent.currency,
        latestChargeId: idOf(intent.latest_charge),
        metadata: intent.metadata,
        lastPaymentError: error
          ? {
              code: error.code ?? error.type,
              declineCode: error.decline_code ?? null,
              message: error.message ?? '',
            }
          : null,
      };
    });
  }

  retrieveSetupIntent(setupIntentId: string): GatewayResult<SetupIntentDetails> {
    return call(async () => {
      const intent = await this.#stripe.setupIntents.retrieve(setupIntentId);
      return {
        setupIntentId: intent.id,
        status: oneOf<SetupIntentStatus>(SETUP_INTENT_STATUSES, intent.status, 'setup_intent.status'),
        paymentMethodId: idOf(intent.payment_method),
        customerId: idOf(intent.customer),
        metadata: intent.metadata ?? {},
      };
    });
  }

  retrievePaymentMethod(paymentMethodId: string): GatewayResult<PaymentMethodDetails> {
    return call(async () => {
      const pm = await this.#stripe.paymentMethods.retrieve(paymentMethodId);
      return { ...cardSummary(pm), customerId: idOf(pm.customer) };
    });
  }
}
