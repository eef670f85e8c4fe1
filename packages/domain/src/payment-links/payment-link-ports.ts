// What the payment-link use cases need from storage, beyond the basic repositories. Each bundle is
// bound to one unit of work; `UnitOfWork.run` gives a transactional one (row locks, jobs enqueued
// with the state change).
import type { AuditLog } from '../shared/audit-log.ts';
import type { JobQueue } from '../shared/job-queue.ts';
import type { OrganizationRepository, ProviderRepository } from '../organizations/organization-ports.ts';
import type { PatientRepository } from '../patients/patient-ports.ts';
import type { Patient } from '../patients/patient.ts';
import type { Payment } from './payment.ts';
import type { PaymentLink } from './payment-link.ts';
import type { ShortCode } from './short-code.ts';
import type { LinkStatus } from './link-status.ts';
import type { LinkType } from './link-type.ts';
import type { MessageStore, SendLedger, SendRateLimiter, TemplateStore } from '../messaging/message-ports.ts';
import type { BulkStore } from '../messaging/bulk-ports.ts';
import type { PaymentEventInbox } from './event-inbox-ports.ts';

export interface LinkStore extends PaymentLinkRepository {
  findByIds(organizationId: string, ids: readonly string[]): Promise<PaymentLink[]>;
  /** Locks the row until the transaction ends: concurrent first clicks create one session. */
  findByIdForUpdate(organizationId: string, id: string): Promise<PaymentLink | null>;
  /**
   * Unscoped by design: a Stripe event names our link id (client_reference_id / metadata), and that
   * id is what establishes the tenant; callers check the event's organization metadata against it.
   */
  unsafeFindByIdForWebhook(id: string): Promise<PaymentLink | null>;
  /** Cross-tenant by design: the expiry sweep. Ids only. */
  unsafeListDueForExpiry(now: Date, limit: number): Promise<Array<{ id: string; organizationId: string }>>;
  /**
   * Cross-tenant by design: the reconcile job. Links whose current Checkout Session may have been
   * paid without an event reaching us: ACTIVE with a session still open or ended after
   * `sessionEndedAfter`, or opened by the patient and closed (expired, cancelled) after `closedAfter`
   * with no successful payment. Links opened after `recentlyOpenedAfter` first; the rest in an order
   * that changes every minute, so a `limit` smaller than the backlog still reaches every link in turn.
   */
  unsafeListReconcileCandidates(input: {
    now: Date;
    sessionEndedAfter: Date;
    closedAfter: Date;
    recentlyOpenedAfter: Date;
    limit: number;
  }): Promise<ReconcileCandidate[]>;
  list(input: {
    organizationId: string;
    status?: LinkStatus;
    type?: LinkType;
    patientId?: string;
    providerId?: string;
    /** How it went out: by email, by text, or neither (copied / QR). */
    channel?: 'email' | 'sms' | 'direct';
    /** Part of the patient's name, email or phone, or of the description (case-insensitive). */
    search?: string;
    /** Created at or after this instant. */
    createdFrom?: Date;
    /** Created before this instant. */
    createdBefore?: Date;
    sort?: 'created' | 'amount' | 'expires';
    limit: number;
    offset: number;
  }): Promise<{ items: PaymentLink[]; total: number }>;
  /** The links regenerated from this one, newest first. */
  listReplacements(organizationId: string, linkId: string): Promise<PaymentLink[]>;
  /** The link carrying these metadata values (bulk rows find the link an earlier run created). */
  findByMetadata(organizationId: string, metadata: Record<string, string>): Promise<PaymentLink | null>;
  /** Active CARD_UPDATE links of these patients (for the expiring-card scan). */
  activeCardUpdatePatientIds(organizationId: string, patientIds: string[]): Promise<Set<string>>;
}

export type ReconcileCandidate = {
  id: string;
  organizationId: string;
  status: LinkStatus;
  sessionId: string;
};

/** How a bulk row (or an integration) names a patient: one of these. */
export type PatientKey = { id?: string; email?: string; phone?: string; externalRef?: string };

export interface PatientStore extends PatientRepository {
  findByIds(organizationId: string, ids: readonly string[]): Promise<Patient[]>;
  /** Unscoped by design: an account-updater event names only the Stripe customer. */
  unsafeFindByStripeCustomerId(customerId: string): Promise<Patient | null>;
  /**
   * A patient of the organization by id, email, phone (E.164) or the clinic's own reference; the
   * earliest created when several share an email or phone. Null when no key is given.
   */
  findByKey(organizationId: string, key: PatientKey): Promise<Patient | null>;
  /** Unscoped by design: an inbound SMS names only the sender's number (STOP applies in every clinic). */
  unsafeFindAllByPhone(phone: string): Promise<Array<{ organizationId: string; id: string }>>;
  /** Patients with a card on file expiring within these months (inclusive). */
  listWithCardExpiringBetween(
    organizationId: string,
    from: { year: number; month: number },
    to: { year: number; month: number },
  ): Promise<Patient[]>;
}

export interface PaymentStore {
  /** Unscoped by design: a refund event names only the payment intent, which establishes the tenant. */
  unsafeFindByPaymentIntentId(paymentIntentId: string): Promise<Payment | null>;
  findByPaymentIntentId(organizationId: string, paymentIntentId: string): Promise<Payment | null>;
  listByLink(organizationId: string, linkId: string): Promise<Payment[]>;
  save(payment: Payment): Promise<void>;
}

export type LinkEventRecord = {
  organizationId: string;
  linkId: string;
  type: string;
  occurredAt: Date;
  data?: Record<string, unknown>;
};

export interface LinkEventLog {
  append(event: LinkEventRecord): Promise<void>;
  list(organizationId: string, linkId: string): Promise<Array<LinkEventRecord & { id: string }>>;
}

export type NotificationType =
  'link_paid' | 'link_expired' | 'payment_failed' | 'message_failed' | 'new_link_requested' | 'card_updated';

export interface NotificationStore {
  create(input: {
    organizationId: string;
    userId: string | null;
    providerId: string | null;
    type: NotificationType;
    linkId: string | null;
    title: string;
    body: string;
    createdAt: Date;
  }): Promise<void>;
  /** What this staff member sees: notices addressed to them and to everyone, newest first. */
  listForUser(organizationId: string, userId: string, limit: number): Promise<NotificationRecord[]>;
  countUnreadForUser(organizationId: string, userId: string): Promise<number>;
  markAllReadForUser(organizationId: string, userId: string, now: Date): Promise<number>;
}

export type NotificationRecord = {
  id: string;
  type: NotificationType;
  linkId: string | null;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
};

export type LinkRepos = {
  links: LinkStore;
  patients: PatientStore;
  providers: ProviderRepository;
  organizations: OrganizationRepository;
  payments: PaymentStore;
  linkEvents: LinkEventLog;
  notifications: NotificationStore;
  audit: AuditLog;
  jobs: JobQueue;
  messages: MessageStore;
  templates: TemplateStore;
  sendRate: SendRateLimiter;
  sends: SendLedger;
  bulk: BulkStore;
  /** The payment provider's events: stored once, then processed by a job. */
  webhookEvents: PaymentEventInbox;
};

export interface UnitOfWork {
  /** Runs `work` in one transaction with repositories bound to it; rolls back if it throws. */
  run<T>(work: (repos: LinkRepos) => Promise<T>): Promise<T>;
}

// Every repository method that reads tenant data takes the organization id, so a missing scope is a
// compile error rather than a data leak. The few deliberate exceptions are named `unsafe…` and say why.
export interface PaymentLinkRepository {
  /** Null when the link doesn't exist or belongs to another organization (callers answer NOT_FOUND). */
  findById(organizationId: string, id: string): Promise<PaymentLink | null>;
  /**
   * Unscoped by design: a patient opening /l/<code> has no session and no organization — the short
   * code itself is the bearer credential that identifies the link (and so its tenant). Use it only
   * on that public path, with a code that went through parseShortCode, and never to serve staff.
   */
  unsafeFindByShortCode(shortCode: ShortCode): Promise<PaymentLink | null>;
  /** Insert or update; fails on a stale `version` (optimistic locking) so concurrent webhooks can retry. */
  save(link: PaymentLink): Promise<void>;
}
