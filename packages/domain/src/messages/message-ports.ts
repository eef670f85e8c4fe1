// What sending needs from storage and the outside world.
import type { Message } from './message.ts';
import type { MessageKind } from '../messaging/templates.ts';

export interface MessageStore {
  save(message: Message): Promise<void>;
  findById(organizationId: string, id: string): Promise<Message | null>;
  findByIdForUpdate(organizationId: string, id: string): Promise<Message | null>;
  /** Unscoped by design: a job's payload names the message, whose row establishes the tenant. */
  unsafeFindByIdForJob(id: string): Promise<Message | null>;
  /** Unscoped by design: a delivery report names only the provider's message id. */
  unsafeFindByProviderId(provider: string, providerMessageId: string): Promise<Message | null>;
  listByLink(organizationId: string, linkId: string): Promise<Message[]>;
  /** Messages handed to a provider for this patient since `since` (the weekly contact cap). */
  countSentToPatientSince(organizationId: string, patientId: string, since: Date): Promise<number>;
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
}

export interface MessageUrls {
  unsubscribeUrl(messageId: string): string;
  smsStatusCallbackUrl(): string | undefined;
}
