// Everything the payment-link use cases depend on, passed in by the composition root.
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/id-generator.ts';
import type { PaymentGateway } from '../payment-gateway.ts';
import type { RandomSource } from '../../shared/random-source.ts';
import type { Organization } from '../../organizations/organization.ts';
import type { LinkRepos, UnitOfWork } from '../payment-link-ports.ts';
import type { PaymentEventFeed, PaymentEventTranslator } from '../event-inbox-ports.ts';
import type { ChannelAvailability } from '../../messaging/send-rules.ts';

/** Our own public URLs, which depend on deployment config (and the organization's short-link base). */
export interface LinkUrls {
  shortUrl(organization: Organization, shortCode: string): string;
  /** Where Stripe sends the patient after paying / saving a card. */
  successUrl(shortCode: string): string;
  /** Where Stripe sends the patient who backs out of checkout. */
  cancelUrl(shortCode: string): string;
}

export type PaymentLinkDeps = {
  uow: UnitOfWork;
  /** Non-transactional reads. */
  repos: LinkRepos;
  gateway: PaymentGateway;
  clock: Clock;
  ids: IdGenerator;
  random: RandomSource;
  urls: LinkUrls;
  moneyMaxMinor: number;
  /** Channels this server can't send on (no provider in production): messages on them are refused
   * when queued, with the reason, as the worker would. */
  unavailableChannels: ChannelAvailability;
};

/** The payment provider's events: the link use cases' dependencies plus the provider adapter's
 * translation of a stored event and its own list of recent events (for the catch-up). */
export type PaymentEventDeps = PaymentLinkDeps & {
  translator: PaymentEventTranslator;
  feed: PaymentEventFeed;
};

/** Thrown by event handlers when an event arrived before the one it depends on; the job retries. */
export class RetryLater extends Error {
  override name = 'RetryLater';
}

/**
 * Thrown by event handlers when the event can never be applied however often it is retried (it names
 * a payment intent already recorded for another link, a link of another organization than it claims,
 * a payment Stripe does not know). `applyPaymentEvent` turns it into a `failed` outcome: recorded once
 * with this reason, for an admin to look at, and not retried.
 */
export class EventCannotApply extends Error {
  override name = 'EventCannotApply';
  /** The organization the event concerns, when that much is certain. */
  readonly organizationId: string | null;
  constructor(reason: string, organizationId: string | null) {
    super(reason);
    this.organizationId = organizationId;
  }
}
