// What sending needs from storage and the outside world.
import type { Message } from './message.ts';
import type { MessageKind } from './templates.ts';
import type { Channel } from '../patients/contact.ts';
import type { MessageReason } from './message.ts';

export interface MessageStore {
  save(message: Message): Promise<void>;
  findById(organizationId: string, id: string): Promise<Message | null>;
  findByIdForUpdate(organizationId: string, id: string): Promise<Message | null>;
  /** Unscoped by design: a job's payload names the message, whose row establishes the tenant. */
  unsafeFindByIdForJob(id: string): Promise<Message | null>;
  /** Unscoped by design, as above: a batch job's payload names its messages. */
  unsafeFindManyForJob(ids: readonly string[]): Promise<Message[]>;
  /** Unscoped by design: a delivery report names only the provider's message id. */
  unsafeFindByProviderId(provider: string, providerMessageId: string): Promise<Message | null>;
  listByLink(organizationId: string, linkId: string): Promise<Message[]>;
  /** The messages of several links at once, oldest first. */
  listByLinks(organizationId: string, linkIds: readonly string[]): Promise<Message[]>;
  /** Messages handed to a provider for this patient since `since` (the weekly contact cap). */
  countSentToPatientSince(organizationId: string, patientId: string, since: Date): Promise<number>;
  /**
   * What the weekly cap will have counted by the time a new message goes: messages handed to a
   * provider since `since`, and those still waiting to go (queued, scheduled). Patients with none
   * are absent.
   */
  countContactsToPatientsSince(
    organizationId: string,
    patientIds: readonly string[],
    since: Date,
  ): Promise<Map<string, number>>;
  /** The same count for many patients at once (patients with none are absent). */
  countSentToPatientsSince(
    organizationId: string,
    patientIds: readonly string[],
    since: Date,
  ): Promise<Map<string, number>>;
}

/** A message handed to its provider, as `SendLedger.recordSent` records it. */
export type SentRecord = {
  organizationId: string;
  messageId: string;
  linkId: string;
  channel: Channel;
  recipient: string;
  reason: MessageReason;
  provider: string;
  providerMessageId: string;
  segments: number | null;
  now: Date;
};

/** The two writes on either side of a provider call, each one statement (the send path's hot spot). */
export interface SendLedger {
  /**
   * Marks these messages `sending` (one more attempt) if they are still queued or scheduled, and
   * commits; returns the ids it claimed. A message claimed here is handed over by no one else.
   */
  claim(organizationId: string, messageIds: readonly string[], now: Date): Promise<string[]>;
  /**
   * Atomically: the message is sent (provider, provider id, segments; a later delivery status stands),
   * the link records the send (PaymentLink.recordSent), and the link's timeline and the audit log
   * say so.
   */
  recordSent(record: SentRecord): Promise<void>;
}

export type TemplatePartName = 'sms' | 'email_subject' | 'email_text';

export interface TemplateStore {
  overrides(organizationId: string, kind: MessageKind): Promise<Partial<Record<TemplatePartName, string>>>;
  set(
    organizationId: string,
    kind: MessageKind,
    part: TemplatePartName,
    body: string | null,
    now: Date,
  ): Promise<void>;
}

/** Shared across all workers: a send never exceeds the organization's configured rate. */
export interface SendRateLimiter {
  take(
    organizationId: string,
    now: Date,
    perSecond: number,
  ): Promise<{ ok: true } | { ok: false; retryAt: Date }>;
  /** Up to `wanted` sends at once; `retryAt` is when the next one would be allowed. */
  takeUpTo(
    organizationId: string,
    now: Date,
    perSecond: number,
    wanted: number,
  ): Promise<{ granted: number; retryAt: Date }>;
}

export interface MessageUrls {
  unsubscribeUrl(messageId: string): string;
  smsStatusCallbackUrl(): string | undefined;
}
