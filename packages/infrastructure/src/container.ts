// The composition root: which adapter serves which port, decided once from config and shared by
// the web app and the worker. Nothing else constructs adapters.
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type {
  AnalyticsDeps,
  Clock,
  IdGenerator,
  LinkRepos,
  LinkUrls,
  PaymentGateway,
  PaymentLinkDeps,
  BulkDeps,
  MessagingDeps,
  PhoneNumbers,
  RandomSource,
  Senders,
  UnitOfWork,
} from '@clinicpay/domain';
import { ClickRecorder } from './links/click-recorder.ts';
import { FastLinkLookup } from './links/fast-link-lookup.ts';
import {
  MikroLinkStore,
  MikroPatientStore,
  MikroPaymentStore,
  PgLinkEventLog,
  PgNotificationStore,
} from './repositories/payment-repositories.ts';
import { createStripeClient } from './stripe/stripe-client.ts';
import {
  CaptureEmailSender,
  CaptureSmsSender,
  SendGridEmailSender,
  TwilioSmsSender,
} from './messaging/index.ts';
import {
  MikroMessageStore,
  PgSendLedger,
  PgSendRateLimiter,
  PgTemplateStore,
} from './repositories/messaging-repositories.ts';
import {
  PgCapturedMessageStore,
  unsafeListOutbox,
  unsafeListWaiting,
  type OutboxEntry,
  type ScheduledEntry,
} from './repositories/captured-message-store.ts';
import { StripePaymentGateway } from './stripe/stripe-gateway.ts';
import type { Config } from './config/config.ts';
import { PgAnalyticsReader } from './repositories/analytics-reader.ts';
import { createOrm, pendingMigrations, type Orm } from './db/orm.ts';
import { GraphileJobQueue } from './jobs/graphile-job-queue.ts';
import { lastHeartbeat } from './jobs/heartbeat.ts';
import { PgAuditLog } from './repositories/audit-log.ts';
import { MikroOrganizationRepository, MikroProviderRepository } from './repositories/clinic-repositories.ts';
import {
  MikroApiKeyRepository,
  MikroStaffSessionRepository,
  MikroUserRepository,
} from './repositories/identity-repositories.ts';
import { PgSignInThrottle } from './repositories/sign-in-throttle.ts';
import { Argon2PasswordHasher } from './security/password-hasher.ts';
import { CryptoTokenService } from './security/token-service.ts';
import { libPhoneNumbers } from './security/phone-numbers.ts';
import { PgBulkStore } from './repositories/bulk-store.ts';
import { isUuid } from './repositories/uuid.ts';
import { Patient } from '@clinicpay/domain';
import { cryptoRandom, systemClock, uuidGenerator } from './security/system.ts';
import type { Logger } from './logging/logger.ts';

/** Repositories bound to one unit of work (one request, one job). */
export type Scope = ReturnType<typeof scopeFor>;

function linkReposFor(em: EntityManager): LinkRepos {
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
  };
}

function scopeFor(em: EntityManager) {
  return {
    ...linkReposFor(em),
    em,
    users: new MikroUserRepository(em),
    sessions: new MikroStaffSessionRepository(em),
    apiKeys: new MikroApiKeyRepository(em),
    throttle: new PgSignInThrottle(em),
    audit: new PgAuditLog(em),
  };
}

/** Short links and the pages Stripe returns patients to. */
function linkUrls(publicBaseUrl: string): LinkUrls {
  return {
    shortUrl: (organization, code) =>
      `${(organization.shortLinkBaseUrl ?? `${publicBaseUrl}/go`).replace(/\/+$/, '')}/${code}`,
    successUrl: (code) => `${publicBaseUrl}/go/${code}/done`,
    cancelUrl: (code) => `${publicBaseUrl}/go/${code}/cancelled`,
  };
}

export type RequestDeps = Scope & {
  analytics: AnalyticsDeps;
  bulkSends: BulkDeps;
  phones: PhoneNumbers;
  paymentLinks: PaymentLinkDeps;
  messaging: MessagingDeps;
  passwords: Argon2PasswordHasher;
  tokens: CryptoTokenService;
  clock: Clock;
  ids: IdGenerator;
  publicBaseUrl: string;
};

export type Container = {
  config: Config;
  orm: Orm;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  random: RandomSource;
  tokens: CryptoTokenService;
  passwords: Argon2PasswordHasher;
  phones: PhoneNumbers;
  /** A fresh identity map and the repositories bound to it: one per request or job. */
  scope(): Scope;
  /** A scope plus the stateless services: everything a request's use cases need. */
  requestDeps(): RequestDeps;
  gateway: PaymentGateway;
  urls: LinkUrls;
  /** The payment-link use cases' dependencies, with a fresh scope. */
  paymentDeps(): PaymentLinkDeps;
  /** Sending and delivery: the senders chosen from config (capture when no provider is set). */
  messagingDeps(): MessagingDeps;
  /** Bulk sends: the payment-link dependencies plus batches, phone parsing and patient lookup. */
  bulkDeps(): BulkDeps;
  /** True when either channel goes to the dev outbox instead of a provider. */
  messagingUsesCapture: boolean;
  listOutbox(limit: number): Promise<OutboxEntry[]>;
  listWaitingMessages(limit: number): Promise<ScheduledEntry[]>;
  /** Unscoped by design: an inbound SMS names only the sender's number. */
  unsafeFindPatientsByPhone(phone: string): Promise<Array<{ organizationId: string; id: string }>>;
  /** Cross-tenant by design (retention): erases old click addresses and old visitor salts. */
  pruneClickData(): Promise<{ erasedAddresses: number; deletedSalts: number }>;
  /** The application's pg pool (shared with graphile-worker and the click recorder). */
  pool: pg.Pool;
  clicks: ClickRecorder;
  fastLinks: FastLinkLookup;
  /** Web processes: keep the short-link cache in step with changes made by any process. */
  listenForLinkChanges(): Promise<void>;
  /** Runs `work` in one database transaction; its jobs commit or roll back with it. */
  transaction<T>(work: (scope: Scope) => Promise<T>): Promise<T>;
  readiness(): Promise<{ database: boolean; migrationsPending: string[]; workerLastBeatAt: Date | null }>;
  close(): Promise<void>;
};

export async function createContainer(options: {
  config: Config;
  databaseUrl: string;
  logger: Logger;
  clock?: Clock;
  poolMax?: number;
  /** Tests may pass a gateway pointed at their own sandbox. */
  gateway?: PaymentGateway;
}): Promise<Container> {
  const { config, logger } = options;
  const orm = await createOrm({
    databaseUrl: options.databaseUrl,
    poolMax: options.poolMax,
    onPoolError: (error) => logger.warn('database pool error', { error: error.message }),
  });
  const pool = await orm.em.getConnection().getNativeClient();
  const clock = options.clock ?? systemClock;
  const stripeConfig = config.stripe;
  const gateway =
    options.gateway ??
    new StripePaymentGateway({
      client: createStripeClient({
        secretKey: stripeConfig.secretKey,
        ...(stripeConfig.mode === 'sandbox' ? { apiBase: stripeConfig.apiBase } : {}),
        timeoutMs: 10_000,
        maxNetworkRetries: 2,
      }),
    });
  const urls = linkUrls(config.publicBaseUrl);
  const fastLinks = new FastLinkLookup(pool, config.stripe.checkoutHosts);
  let stopListening: (() => Promise<void>) | undefined;
  const clicks = new ClickRecorder(pool, (error, lost) =>
    logger.error('click recording failed', { error: error.message, lost }),
  );
  const uow: UnitOfWork = {
    run: (work) => orm.em.fork().transactional((em) => work(linkReposFor(em as EntityManager))),
  };
  const paymentDeps = (): PaymentLinkDeps => ({
    uow,
    repos: linkReposFor(orm.em.fork()),
    gateway,
    clock: services.clock,
    ids: services.ids,
    random: cryptoRandom,
    urls,
    moneyMaxMinor: config.moneyMaxMinor,
  });
  const captured = new PgCapturedMessageStore(() => orm.em.fork());
  const senders: Senders = {
    sms: config.twilio
      ? new TwilioSmsSender({
          accountSid: config.twilio.accountSid,
          authToken: config.twilio.authToken,
          from: config.twilio.fromNumber,
          ...(config.twilio.apiBaseUrl ? { apiBaseUrl: config.twilio.apiBaseUrl } : {}),
        })
      : new CaptureSmsSender({ store: captured, now: () => clock.now() }),
    email: config.sendgrid
      ? new SendGridEmailSender({
          apiKey: config.sendgrid.apiKey,
          from: { email: config.sendgrid.fromEmail },
          ...(config.sendgrid.apiBaseUrl ? { apiBaseUrl: config.sendgrid.apiBaseUrl } : {}),
        })
      : new CaptureEmailSender({ store: captured, now: () => clock.now() }),
    smsProvider: config.twilio ? 'twilio' : 'capture',
    emailProvider: config.sendgrid ? 'sendgrid' : 'capture',
    idempotent: { sms: !config.twilio, email: !config.sendgrid },
    fromEmail: config.sendgrid?.fromEmail ?? 'payments@clinicpay.local',
  };
  const messagingDeps = (): MessagingDeps => ({
    uow,
    repos: linkReposFor(orm.em.fork()),
    senders,
    clock,
    ids: uuidGenerator,
    linkUrls: urls,
    messageUrls: {
      unsubscribeUrl: (messageId) => `${config.publicBaseUrl}/unsubscribe/${messageId}`,
      smsStatusCallbackUrl: () =>
        config.twilio ? `${config.publicBaseUrl}/webhooks/twilio/status` : undefined,
    },
    sendRatePerSecond: config.messageSendRatePerSecond,
    random: Math.random,
  });
  const bulkDeps = (): BulkDeps => ({
    ...paymentDeps(),
    bulk: new PgBulkStore(orm.em.fork()),
    phones: libPhoneNumbers,
    async findPatient(organizationId, key) {
      const em = orm.em.fork();
      if (key.id) return isUuid(key.id) ? em.findOne(Patient, { organizationId, id: key.id }) : null;
      if (key.email)
        return em.findOne(Patient, { organizationId, email: key.email }, { orderBy: { createdAt: 'asc' } });
      if (key.phone)
        return em.findOne(Patient, { organizationId, phone: key.phone }, { orderBy: { createdAt: 'asc' } });
      if (key.externalRef) return em.findOne(Patient, { organizationId, externalRef: key.externalRef });
      return null;
    },
  });
  const services = {
    clock,
    ids: uuidGenerator,
    tokens: new CryptoTokenService(),
    passwords: new Argon2PasswordHasher(),
    phones: libPhoneNumbers,
  };
  return {
    config,
    orm,
    logger,
    ...services,
    random: cryptoRandom,
    scope: () => scopeFor(orm.em.fork()),
    requestDeps: () => {
      const scope = scopeFor(orm.em.fork());
      return {
        ...scope,
        ...services,
        analytics: {
          analytics: new PgAnalyticsReader(scope.em),
          links: scope.links,
          organizations: scope.organizations,
          linkEvents: scope.linkEvents,
          messages: scope.messages,
          clock,
        },
        paymentLinks: paymentDeps(),
        messaging: messagingDeps(),
        bulkSends: bulkDeps(),
        publicBaseUrl: config.publicBaseUrl,
      };
    },
    messagingDeps,
    bulkDeps,
    messagingUsesCapture: !config.twilio || !config.sendgrid,
    listOutbox: (limit) => unsafeListOutbox(orm.em.fork(), limit),
    listWaitingMessages: (limit) => unsafeListWaiting(orm.em.fork(), limit),
    async pruneClickData() {
      const now = clock.now();
      const cutoff = new Date(now.getTime() - config.clickIpRetentionDays * 86_400_000);
      let erasedAddresses = 0;
      // In slices, so a first run over a large table never holds many row locks for long.
      for (;;) {
        const result = await pool.query(
          `update payment_link_clicks set ip_address = null
            where ctid = any(array(select ctid from payment_link_clicks
                                    where ip_address is not null and created_at < $1 limit 5000))`,
          [cutoff],
        );
        erasedAddresses += result.rowCount ?? 0;
        if ((result.rowCount ?? 0) < 5000) break;
      }
      const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
      const salts = await pool.query(`delete from visitor_salts where day < $1`, [yesterday]);
      return { erasedAddresses, deletedSalts: salts.rowCount ?? 0 };
    },
    async unsafeFindPatientsByPhone(phone) {
      const rows = await orm.em
        .fork()
        .execute<Array<{ id: string; organization_id: string }>>(
          'select id, organization_id from patients where phone = ?',
          [phone],
        );
      return rows.map((r) => ({ id: r.id, organizationId: r.organization_id }));
    },
    gateway,
    urls,
    paymentDeps,
    pool,
    clicks,
    fastLinks,
    async listenForLinkChanges() {
      stopListening ??= await fastLinks.listen((error) =>
        logger.warn('link change listener', { error: error.message }),
      );
    },
    transaction: (work) => orm.em.fork().transactional((em) => work(scopeFor(em as EntityManager))),
    async readiness() {
      const em = orm.em.fork();
      try {
        await em.execute('select 1');
      } catch {
        return { database: false, migrationsPending: [], workerLastBeatAt: null };
      }
      const [migrationsPending, workerLastBeatAt] = await Promise.all([
        pendingMigrations(orm),
        lastHeartbeat(em).catch(() => null),
      ]);
      return { database: true, migrationsPending, workerLastBeatAt };
    },
    async close() {
      await stopListening?.();
      await clicks.flush();
      await orm.close(true);
    },
  };
}
