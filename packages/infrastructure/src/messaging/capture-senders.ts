// Senders that deliver nowhere: each message is stored (the dev outbox) instead of reaching a phone or
// inbox. Used in development and tests when no Twilio/SendGrid credentials are configured.
//
// They reject the same magic recipients Twilio's test credentials do, so failure paths (invalid
// number, STOP, bounced address) can be exercised without a provider.
import { createHash } from 'node:crypto';
import {
  countSmsSegments,
  err,
  ok,
  type EmailMessage,
  type EmailSender,
  type Result,
  type SendError,
  type SmsMessage,
  type SmsSender,
} from '@clinicpay/domain';

export type CapturedMessage = {
  /** A UUID derived from channel + idempotency key (captureMessageId); the provider message id is
   * `capture_<id>`. */
  id: string;
  channel: 'sms' | 'email';
  to: string;
  subject: string | null;
  /** The SMS body, or the email's plain-text part. */
  body: string;
  html: string | null;
  headers: Record<string, string>;
  /** Email: the customArgs. Both channels: `idempotency_key`; SMS: `status_callback_url` if given. */
  metadata: Record<string, string>;
  createdAt: Date;
};

export interface CapturedMessageStore {
  save(message: CapturedMessage): Promise<void>;
}

export type CaptureSenderOptions = {
  store: CapturedMessageStore;
  /** Default: the system clock. */
  now?: () => Date;
};

/** Recipients the capture senders refuse, mirroring Twilio's test-credential numbers. */
export const CAPTURE_MAGIC_RECIPIENTS = {
  invalidNumber: '+15005550001',
  unsubscribedNumber: '+15005550004',
  bouncingEmailDomain: '@bounce.invalid',
} as const;

export function captureProviderMessageId(id: string): string {
  return `capture_${id}`;
}

/**
 * The same send (channel + idempotency key) always gets the same id, so a retried send answers with
 * the provider message id of the first one and the store can drop the duplicate: the capture
 * "provider" is idempotent, unlike Twilio and SendGrid. A UUID (RFC 9562 version 8, hash-based).
 */
export function captureMessageId(channel: 'sms' | 'email', idempotencyKey: string): string {
  const bytes = createHash('sha256').update(`${channel}\n${idempotencyKey}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function simulatedSmsFailure(to: string): SendError | null {
  if (to === CAPTURE_MAGIC_RECIPIENTS.invalidNumber) {
    return {
      kind: 'permanent',
      code: '21211',
      message: `The 'To' number ${to} is not a valid phone number.`,
    };
  }
  if (to === CAPTURE_MAGIC_RECIPIENTS.unsubscribedNumber) {
    return { kind: 'permanent', code: '21610', message: 'Attempt to send to unsubscribed recipient' };
  }
  return null;
}

// A store failure (database down) is what a provider outage is for a real sender: transient.
async function saveCaptured(
  store: CapturedMessageStore,
  message: CapturedMessage,
): Promise<Result<void, SendError>> {
  try {
    await store.save(message);
    return ok();
  } catch (error) {
    return err({
      kind: 'transient',
      code: 'capture_store_failed',
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

export class CaptureSmsSender implements SmsSender {
  readonly #store: CapturedMessageStore;
  readonly #now: () => Date;

  constructor(options: CaptureSenderOptions) {
    this.#store = options.store;
    this.#now = options.now ?? (() => new Date());
  }

  async send(
    message: SmsMessage,
  ): Promise<Result<{ providerMessageId: string; segments: number }, SendError>> {
    const failure = simulatedSmsFailure(message.to);
    if (failure) return err(failure);
    const id = captureMessageId('sms', message.idempotencyKey);
    const saved = await saveCaptured(this.#store, {
      id,
      channel: 'sms',
      to: message.to,
      subject: null,
      body: message.body,
      html: null,
      headers: {},
      metadata: {
        idempotency_key: message.idempotencyKey,
        ...(message.statusCallbackUrl !== undefined
          ? { status_callback_url: message.statusCallbackUrl }
          : {}),
      },
      createdAt: this.#now(),
    });
    if (!saved.ok) return saved;
    return ok({
      providerMessageId: captureProviderMessageId(id),
      segments: countSmsSegments(message.body).segments,
    });
  }
}

export class CaptureEmailSender implements EmailSender {
  readonly #store: CapturedMessageStore;
  readonly #now: () => Date;

  constructor(options: CaptureSenderOptions) {
    this.#store = options.store;
    this.#now = options.now ?? (() => new Date());
  }

  async send(message: EmailMessage): Promise<Result<{ providerMessageId: string }, SendError>> {
    if (message.to.trim().toLowerCase().endsWith(CAPTURE_MAGIC_RECIPIENTS.bouncingEmailDomain)) {
      return err({
        kind: 'permanent',
        code: 'invalid_address',
        message: `Simulated bounce: ${message.to} does not accept mail.`,
      });
    }
    const id = captureMessageId('email', message.idempotencyKey);
    const saved = await saveCaptured(this.#store, {
      id,
      channel: 'email',
      to: message.to,
      subject: message.subject,
      body: message.text,
      html: message.html,
      headers: { ...message.headers },
      metadata: { ...message.customArgs, idempotency_key: message.idempotencyKey },
      createdAt: this.#now(),
    });
    if (!saved.ok) return saved;
    return ok({ providerMessageId: captureProviderMessageId(id) });
  }
}
