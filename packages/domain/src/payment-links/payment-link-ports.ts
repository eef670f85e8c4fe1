// What the payment-link use cases need from storage, beyond the basic repositories. Each bundle is
// bound to one unit of work; `UnitOfWork.run` gives a transactional one (row locks, jobs enqueued
// with the state change).
import type { AuditLog, PaymentLinkRepository } from '../ports/repositories.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type {
  OrganizationRepository,
  PatientRepository,
  ProviderRepository,
} from '../ports/clinic-repositories.ts';
import type { Patient } from '../patients/patient.ts';
import type { Payment } from '../payments/payment.ts';
import type { PaymentLink } from './payment-link.ts';
import type { LinkStatus } from './link-status.ts';
import type { LinkType } from './link-type.ts';
import type { MessageStore, SendLedger, SendRateLimiter, TemplateStore } from '../messages/message-ports.ts';
import type { BulkStore } from '../messages/bulk-ports.ts';

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
  /** The link carrying these metadata values (bulk rows find the link an earlier run created). */
  findByMetadata(organizationId: string, metadata: Record<string, string>): Promise<PaymentLink | null>;
  /** Active CARD_UPDATE links of these patients (for the expiring-card scan). */
  activeCardUpdatePatientIds(organizationId: string, patientIds: string[]): Promise<Set<string>>;
}

export interface PatientStore extends PatientRepository {
  findByIds(organizationId: string, ids: readonly string[]): Promise<Patient[]>;
  /** Unscoped by design: an account-updater event names only the Stripe customer. */
  unsafeFindByStripeCustomerId(customerId: string): Promise<Patient | null>;
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
};

export interface UnitOfWork {
  /** Runs `work` in one transaction with repositories bound to it; rolls back if it throws. */
  run<T>(work: (repos: LinkRepos) => Promise<T>): Promise<T>;
}
