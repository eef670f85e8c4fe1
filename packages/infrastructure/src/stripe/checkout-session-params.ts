// Our checkout request in Stripe's Checkout Session parameters.
import type { CreateCheckoutSessionInput } from '@clinicpay/domain';
import type Stripe from 'stripe';

export function sessionParams(input: CreateCheckoutSessionInput): Stripe.Checkout.SessionCreateParams {
  const common = {
    customer: input.customerId,
    client_reference_id: input.clientReferenceId,
    metadata: input.metadata,
    success_url: input.successUrl,
    cancel_url: input.cancelUrl,
    expires_at: Math.floor(input.expiresAt.getTime() / 1000),
  };
  const currency = input.currency.toLowerCase();
  // Never `payment_method_types`: API 2026-09-30.endive and later reject it (see PROVIDERS.md).
  if (input.mode === 'setup') {
    return { ...common, mode: 'setup', currency, setup_intent_data: { metadata: input.metadata } };
  }
  return {
    ...common,
    mode: 'payment',
    line_items: (input.lineItems ?? []).map((item) => ({
      price_data: { currency, unit_amount: item.unitAmountMinor, product_data: { name: item.name } },
      quantity: item.quantity,
    })),
    payment_intent_data: {
      // Saves the card on the customer for later charges/updates; the same metadata on the
      // PaymentIntent lets a `payment_intent.payment_failed` event be matched to its link.
      setup_future_usage: 'off_session',
      metadata: input.metadata,
    },
  };
}
