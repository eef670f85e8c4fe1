// SetupIntents for setup-mode Checkout Sessions; created together with the session, as Stripe does.
import type Stripe from 'stripe';
import { clientSecret, newId } from '../ids.ts';

export type NewSetupIntent = {
  customer: string | null;
  description: string | null;
  metadata: Record<string, string>;
};

export function buildSetupIntent(input: NewSetupIntent, created: number): Stripe.SetupIntent {
  const id = newId('setup_intent');
  return {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: clientSecret(id),
    created,
    customer: input.customer,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage: 'off_session',
  };
}
