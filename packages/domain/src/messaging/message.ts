// One SMS or email to a patient about a link — including the ones we refused to send. Its status
// is the record that makes sending safe to retry: a message that left `queued` is never sent again.
import type { Channel } from '../patients/contact.ts';
import type { MessageKind } from './templates.ts';

export type MessageReason = 'initial' | 'resend' | 'fallback' | 'retry' | 'bulk';
export type MessageStatus =
  'queued' | 'scheduled' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'refused';

/** Delivery progress only moves forward; a late "sent" never overwrites "delivered". */
const RANK: Record<MessageStatus, number> = {
  queued: 0,
  scheduled: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
  refused: 3,
};

export class Message {
  id!: string;
  organizationId!: string;
  linkId: string | null = null;
  patientId!: string;
  channel!: Channel;
  kind!: MessageKind;
  reason!: MessageReason;
  recipient!: string;
  status: MessageStatus = 'queued';
  provider: string | null = null;
  providerMessageId: string | null = null;
  segments: number | null = null;
  attempts = 0;
  errorCode: string | null = null;
  errorMessage: string | null = null;
  refusedReason: string | null = null;
  scheduledFor: Date | null = null;
  sentAt: Date | null = null;
  deliveredAt: Date | null = null;
  failedAt: Date | null = null;
  fallbackOfMessageId: string | null = null;
  fallbackReason: string | null = null;
  bulkBatchId: string | null = null;
  customMessage: string | null = null;
  createdAt!: Date;
  updatedAt!: Date;

  static create(input: {
    id: string;
    organizationId: string;
    linkId: string | null;
    patientId: string;
    channel: Channel;
    kind: MessageKind;
    reason: MessageReason;
    recipient: string;
    customMessage: string | null;
    fallbackOfMessageId?: string | null;
    fallbackReason?: string | null;
    bulkBatchId?: string | null;
    now: Date;
  }): Message {
    const m = new Message();
    Object.assign(m, {
      ...input,
      fallbackOfMessageId: input.fallbackOfMessageId ?? null,
      fallbackReason: input.fallbackReason ?? null,
      bulkBatchId: input.bulkBatchId ?? null,
      createdAt: input.now,
      updatedAt: input.now,
    });
    return m;
  }

  get isPending(): boolean {
    return this.status === 'queued' || this.status === 'scheduled';
  }

  /** Applies a provider's delivery report; returns false when it would move the status backwards. */
  applyDeliveryStatus(
    status: 'sent' | 'delivered' | 'undelivered' | 'failed',
    at: Date,
    error?: { code: string | null; message: string | null },
  ): boolean {
    // Forward only, and the first final word (delivered, undelivered, failed) stands: reports
    // arrive out of order and more than once.
    if (RANK[status] <= RANK[this.status]) return false;
    if (this.status === 'refused') return false;
    this.status = status;
    if (status === 'delivered') this.deliveredAt = at;
    if (status === 'sent') this.sentAt ??= at;
    if (status === 'failed' || status === 'undelivered') {
      this.failedAt = at;
      this.errorCode = error?.code ?? this.errorCode;
      this.errorMessage = error?.message ?? this.errorMessage;
    }
    this.updatedAt = at;
    return true;
  }
}
