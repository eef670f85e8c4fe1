// Charges made by a PaymentIntent confirmation on the hosted page, approved or declined.
import type Stripe from 'stripe';
import type { CardOutcome } from '../card-simulation.ts';
import { newId, randomAlphanumeric } from '../ids.ts';

export type NewCharge = {
  paymentIntent: Stripe.PaymentIntent;
  paymentMethod: Stripe.PaymentMethod;
  outcome: CardOutcome;
  publicUrl: string;
};

function outcomeOf(outcome: CardOutcome): Stripe.Charge.Outcome {
  if (outcome.kind === 'approved') {
    return {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      risk_score: 21,
      seller_message: 'Payment complete.',
      type: 'authorized',
    };
  }
  return {
    advice_code: 'try_again_later',
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'declined_by_network',
    reason: outcome.declineCode,
    risk_level: 'normal',
    risk_score: 21,
    seller_message: 'The bank did not return any further details with this decline.',
    type: 'issuer_declined',
  };
}

export function buildCharge(input: NewCharge, created: number): Stripe.Charge {
  const { paymentIntent: pi, paymentMethod: pm, outcome } = input;
  const approved = outcome.kind === 'approved';
  const id = newId('charge');
  const card = pm.card;
  return {
    id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: approved ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: 'CLINICPAY SANDBOX',
    captured: approved,
    created,
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: approved ? null : outcome.code,
    failure_message: approved ? null : outcome.message,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: outcomeOf(outcome),
    paid: approved,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      card: {
        amount_authorized: approved ? pi.amount : null,
        authorization_code: approved ? randomAlphanumeric(6).toUpperCase() : null,
        brand: card?.brand ?? null,
        checks: card?.checks ?? null,
        country: card?.country ?? null,
        electronic_commerce_indicator: null,
        exp_month: card?.exp_month ?? 0,
        exp_year: card?.exp_year ?? 0,
        extended_authorization: { status: 'disabled' },
        fingerprint: card?.fingerprint ?? null,
        funding: card?.funding ?? null,
        incremental_authorization: { status: 'unavailable' },
        installments: null,
        last4: card?.last4 ?? null,
        mandate: null,
        multicapture: { status: 'unavailable' },
        network: card?.brand ?? null,
        network_token: { used: false },
        network_transaction_id: approved ? randomAlphanumeric(15) : null,
        overcapture: { maximum_amount_capturable: pi.amount, status: 'unavailable' },
        regulated_status: 'unregulated',
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
      type: 'card',
    },
    receipt_email: null,
    receipt_number: null,
    receipt_url: approved ? `${input.publicUrl}/receipts/${id}` : null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: approved ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
}
