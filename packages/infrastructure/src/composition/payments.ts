// Payments: Stripe (gateway, webhook verifier, event translator and feed), the URLs a link answers
// with, and the payment-link, payment-event and bulk use cases' dependencies.
import type {
  BulkDeps,
  LinkUrls,
  PaymentEventDeps,
  PaymentGateway,
  PaymentLinkDeps,
} from '@clinicpay/domain';
import { createStripeClient } from '../stripe/stripe-client.ts';
import { StripePaymentGateway } from '../stripe/stripe-gateway.ts';
import { StripeEventFeed } from '../stripe/stripe-event-feed.ts';
import { StripeEventTranslator } from '../stripe/stripe-event-translator.ts';
import { StripeWebhookVerifier } from '../stripe/stripe-webhook-verifier.ts';
import { PgBulkStore } from '../repositories/bulk-store.ts';
import { libPhoneNumbers } from '../security/phone-numbers.ts';
import type { Core } from './core.ts';
import { linkReposFor } from './scope.ts';

export type PaymentsComposition = {
  gateway: PaymentGateway;
  /** Stripe's list of events, for the catch-up after missed webhooks. */
  stripeEvents: StripeEventFeed;
  /** Verifies and parses Stripe's signed webhooks. */
  stripeWebhooks: StripeWebhookVerifier;
  urls: LinkUrls;
  /** The payment-link use cases' dependencies, with a fresh scope. */
  paymentDeps(): PaymentLinkDeps;
  /** The payment provider's events (accept, process, catch up): paymentDeps plus Stripe's translation and feed. */
  paymentEventDeps(): PaymentEventDeps;
  /** Bulk sends: the payment-link dependencies plus batches and phone parsing. */
  bulkDeps(): BulkDeps;
};

/** Short links and the pages Stripe returns patients to. */
function linkUrls(publicBaseUrl: string): LinkUrls {
  return {
    shortUrl: (organization, code) =>
      `${(organization.shortLinkBaseUrl ?? `${publicBaseUrl}/go`).replace(/\/+$/, '')}/${code}`,
    successUrl: (code) => `${publicBaseUrl}/go/${code}/done`,
    cancelUrl: (code) => `${publicBaseUrl}/go/${code}/cancelled`,
  };
}

export function composePayments(
  core: Core,
  options: {
    /** Tests may pass a gateway pointed at their own sandbox. */
    gateway?: PaymentGateway | undefined;
    /** Why a channel can't send (null when it can): links created for it say so. */
    unavailableChannels: PaymentLinkDeps['unavailableChannels'];
  },
): PaymentsComposition {
  const { config, logger, orm } = core;
  const stripeClient = createStripeClient({
    secretKey: config.stripe.secretKey,
    ...(config.stripe.mode === 'sandbox' ? { apiBase: config.stripe.apiBase } : {}),
    timeoutMs: 10_000,
    maxNetworkRetries: 2,
  });
  const gateway =
    options.gateway ??
    new StripePaymentGateway({
      client: stripeClient,
      // Stripe's own words go to the log (redacted like every field); people get ours.
      onFailure: (failure) => logger.warn('stripe request failed', failure),
    });
  const stripeEvents = new StripeEventFeed({ client: stripeClient });
  const translator = new StripeEventTranslator();
  const urls = linkUrls(config.publicBaseUrl);
  const paymentDeps = (): PaymentLinkDeps => ({
    uow: core.uow,
    repos: linkReposFor(orm.em.fork()),
    gateway,
    clock: core.clock,
    ids: core.ids,
    random: core.random,
    urls,
    moneyMaxMinor: config.moneyMaxMinor,
    unavailableChannels: options.unavailableChannels,
  });
  return {
    gateway,
    stripeEvents,
    stripeWebhooks: new StripeWebhookVerifier({ webhookSecret: config.stripe.webhookSecret }),
    urls,
    paymentDeps,
    paymentEventDeps: () => ({ ...paymentDeps(), translator, feed: stripeEvents }),
    bulkDeps: () => ({ ...paymentDeps(), bulk: new PgBulkStore(orm.em.fork()), phones: libPhoneNumbers }),
  };
}
