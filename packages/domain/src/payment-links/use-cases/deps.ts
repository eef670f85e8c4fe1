// Everything the payment-link use cases depend on, passed in by the composition root.
import type { Clock } from '../../ports/clock.ts';
import type { IdGenerator } from '../../ports/id-generator.ts';
import type { PaymentGateway } from '../../ports/payment-gateway.ts';
import type { RandomSource } from '../../ports/random-source.ts';
import type { Organization } from '../../organizations/organization.ts';
import type { LinkRepos, UnitOfWork } from '../payment-link-ports.ts';

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
};

/** Thrown by event handlers when an event arrived before the one it depends on; the job retries. */
export class RetryLater extends Error {
  override name = 'RetryLater';
}
