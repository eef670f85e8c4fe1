// Card refunds: they succeed at once in test mode, like Stripe's.
import type Stripe from 'stripe';
import { newId, randomAlphanumeric } from '../ids.ts';

export type NewRefund = {
  charge: Stripe.Charge;
  amount: number;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer' | null;
  metadata: Record<string, string>;
};

export function buildRefund(input: NewRefund, created: number): Stripe.Refund {
  const { charge } = input;
  return {
    id: newId('refund'),
    object: 'refund',
    amount: input.amount,
    balance_transaction: null,
    charge: charge.id,
    created,
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: {
      card: {
        reference: randomAlphanumeric(23),
        reference_status: 'pending',
        reference_type: 'acquirer_reference_number',
        type: 'refund',
      },
      type: 'card',
    },
    metadata: input.metadata,
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: input.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}
