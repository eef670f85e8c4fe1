// Card PaymentMethods as Checkout creates them from what the patient typed on the hosted page.
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import type { CardBrand } from '../card-simulation.ts';
import { newId } from '../ids.ts';

export type CardInput = {
  number: string;
  brand: CardBrand;
  expMonth: number;
  expYear: number;
  name: string;
  postalCode: string;
};

/** Same card number → same fingerprint, like Stripe (it lets callers spot duplicate cards). */
export function cardFingerprint(number: string): string {
  return createHash('sha256').update(`sandbox:${number}`).digest('base64url').slice(0, 16);
}

export function billingDetails(card: CardInput, email: string | null): Stripe.PaymentMethod.BillingDetails {
  return {
    address: {
      city: null,
      country: 'US',
      line1: null,
      line2: null,
      postal_code: card.postalCode,
      state: null,
    },
    email,
    name: card.name,
    phone: null,
    tax_id: null,
  };
}

export function buildCardPaymentMethod(
  card: CardInput,
  options: {
    created: number;
    customer: string | null;
    email: string | null;
    allowRedisplay: 'limited' | 'unspecified';
  },
): Stripe.PaymentMethod {
  return {
    id: newId('payment_method'),
    object: 'payment_method',
    allow_redisplay: options.allowRedisplay,
    billing_details: billingDetails(card, options.email),
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: 'pass', cvc_check: 'pass' },
      country: 'US',
      display_brand: card.brand === 'amex' ? 'american_express' : card.brand,
      exp_month: card.expMonth,
      exp_year: card.expYear,
      fingerprint: cardFingerprint(card.number),
      funding: 'credit',
      generated_from: null,
      last4: card.number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: options.created,
    customer: options.customer,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}
