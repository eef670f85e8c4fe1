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
import {
  GatewayFailure,
  call,
  idOf,
  oneOf,
  unexpected,
  type GatewayFailureReport,
  type GatewayResult,
} from './gateway-call.ts';
import { minorUnits, minorUnitsOrNull } from '@clinicpay/domain';
import type { MinorUnits } from '@clinicpay/domain';

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
  amountMinor: MinorUnits;
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
  readonly #onFailure: (failure: GatewayFailureReport) => void;

  constructor(options: {
    client: Stripe;
    /** Every failed call, with Stripe's own message (which no user sees): for the log. */
    onFailure?: (failure: GatewayFailureReport) => void;
  }) {
    this.#stripe = options.client;
    this.#onFailure = options.onFailure ?? (() => {});
  }

  #call<T>(operation: string, work: () => Promise<T>): GatewayResult<T> {
    return call(operation, work, this.#onFailure);
  }

  createCustomer(input: CreateCustomerInput): GatewayResult<{ customerId: string }> {
    return this.#call('createCustomer', async () => {
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
    return this.#call('createCheckoutSession', async () => {
      const session = await this.#stripe.checkout.sessions.create(sessionParams(input), {
        idempotencyKey: input.idempotencyKey,
      });
      if (!session.url) throw unexpected('checkout.session.url', session.url);
      return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
    });
  }

  retrieveCheckoutSession(sessionId: string): GatewayResult<CheckoutSessionDetails> {
    return this.#call('retrieveCheckoutSession', async () => {
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
        amountTotalMinor: minorUnitsOrNull(session.amount_total),
        currency: session.currency,
        metadata: session.metadata ?? {},
      };
    });
  }

  expireCheckoutSession(
    sessionId: string,
  ): GatewayResult<{ sessionId: string; status: CheckoutSessionStatus }> {
    return this.#call('expireCheckoutSession', async () => {
      const session = await this.#stripe.checkout.sessions.expire(sessionId);
      return {
        sessionId: session.id,
        status: oneOf<CheckoutSessionStatus>(SESSION_STATUSES, session.status, 'checkout.session.status'),
      };
    });
  }

  listPaymentMethods(customerId: string): GatewayResult<PaymentMethodSummary[]> {
    return this.#call('listPaymentMethods', async () => {
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
    return this.#call('setDefaultPaymentMethod', async () => {
      await this.#stripe.customers.update(customerId, {
        invoice_settings: { default_payment_method: paymentMethodId },
      });
    });
  }

  retrieveCharge(chargeId: string): GatewayResult<ChargeDetails> {
    return this.#call('retrieveCharge', async () => {
      const charge = await this.#stripe.charges.retrieve(chargeId);
      return {
        chargeId: charge.id,
        paymentIntentId: idOf(charge.payment_intent),
        amountMinor: minorUnits(charge.amount),
        amountRefundedMinor: minorUnits(charge.amount_refunded),
        currency: charge.currency,
        receiptUrl: charge.receipt_url,
        refunded: charge.refunded,
        status: oneOf<ChargeDetails['status']>(CHARGE_STATUSES, charge.status, 'charge.status'),
      };
    });
  }

  retrievePaymentIntent(paymentIntentId: string): GatewayResult<PaymentIntentDetails> {
    return this.#call('retrievePaymentIntent', async () => {
      const intent = await this.#stripe.paymentIntents.retrieve(paymentIntentId);
      const error = intent.last_payment_error;
      return {
        paymentIntentId: intent.id,
        status: oneOf<PaymentIntentStatus>(PAYMENT_INTENT_STATUSES, intent.status, 'payment_intent.status'),
        amountMinor: minorUnits(intent.amount),
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
    return this.#call('retrieveSetupIntent', async () => {
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
    return this.#call('retrievePaymentMethod', async () => {
      const pm = await this.#stripe.paymentMethods.retrieve(paymentMethodId);
      return { ...cardSummary(pm), customerId: idOf(pm.customer) };
    });
  }
}
