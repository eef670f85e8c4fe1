// The repositories of one unit of work (one request, one job), all bound to one identity map.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { LinkRepos } from '@clinicpay/domain';
import {
  MikroLinkStore,
  MikroPatientStore,
  MikroPaymentStore,
  PgLinkEventLog,
  PgNotificationStore,
} from '../repositories/payment-repositories.ts';
import {
  MikroMessageStore,
  PgSendLedger,
  PgSendRateLimiter,
  PgTemplateStore,
} from '../repositories/messaging-repositories.ts';
import { GraphileJobQueue } from '../jobs/graphile-job-queue.ts';
import { PgAuditLog } from '../repositories/audit-log.ts';
import { MikroOrganizationRepository, MikroProviderRepository } from '../repositories/clinic-repositories.ts';
import {
  MikroApiKeyRepository,
  MikroStaffSessionRepository,
  MikroUserRepository,
} from '../repositories/identity-repositories.ts';
import { PgSignInThrottle } from '../repositories/sign-in-throttle.ts';
import { PgBulkStore } from '../repositories/bulk-store.ts';
import { PgWebhookEvents } from '../repositories/webhook-events.ts';
import { RepositoryLinkReadModel } from '../repositories/link-read-model.ts';

/** What the domain's use cases read and write through (LinkRepos), on one entity manager. */
export function linkReposFor(em: EntityManager, webhookEvents = new PgWebhookEvents(em)): LinkRepos {
  return {
    links: new MikroLinkStore(em),
    patients: new MikroPatientStore(em),
    providers: new MikroProviderRepository(em),
    organizations: new MikroOrganizationRepository(em),
    payments: new MikroPaymentStore(em),
    linkEvents: new PgLinkEventLog(em),
    notifications: new PgNotificationStore(em),
    audit: new PgAuditLog(em),
    jobs: new GraphileJobQueue(em),
    messages: new MikroMessageStore(em),
    templates: new PgTemplateStore(em),
    sendRate: new PgSendRateLimiter(em),
    sends: new PgSendLedger(em),
    bulk: new PgBulkStore(em),
    webhookEvents,
  };
}

/** LinkRepos plus identity's repositories and the read models a request needs. */
export function scopeFor(em: EntityManager) {
  // One inbox: the use cases see it as the port, admins' read model through its own type.
  const webhookEvents = new PgWebhookEvents(em);
  const repos = linkReposFor(em, webhookEvents);
  return {
    ...repos,
    em,
    users: new MikroUserRepository(em),
    sessions: new MikroStaffSessionRepository(em),
    apiKeys: new MikroApiKeyRepository(em),
    throttle: new PgSignInThrottle(em),
    webhookEvents,
    linkReads: new RepositoryLinkReadModel(repos),
  };
}

/** Repositories bound to one unit of work (one request, one job). */
export type Scope = ReturnType<typeof scopeFor>;
