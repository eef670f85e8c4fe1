// EmailSender on SendGrid's Mail Send API through @sendgrid/mail (or the local stand-in: pass its URL
// as apiBaseUrl).
//
// SendGrid has no idempotency key either; as for SMS, the send-message job never calls twice for a
// message that left `queued`, so `idempotencyKey` is unused here.
import { MailService } from '@sendgrid/mail';
import { err, ok, type EmailMessage, type EmailSender, type Result, type SendError } from '@clinicpay/domain';
import { classifySendGridError } from './classify-sendgrid-error.ts';

export type EmailAddress = { email: string; name?: string };

export type SendGridEmailSenderOptions = {
  apiKey: string;
  /** A verified sender of the SendGrid account. */
  from: EmailAddress;
  /** The stand-in's origin, e.g. `http://127.0.0.1:4020`; unset = api.sendgrid.com. */
  apiBaseUrl?: string;
  /** Per-request timeout; default 10 s (@sendgrid/client has none by default). */
  timeoutMs?: number;
};

/** Tags every message so SendGrid's statistics and event webhook can tell ours apart. */
export const SENDGRID_CATEGORY = 'clinicpay';

export class SendGridEmailSender implements EmailSender {
  // An instance of our own, not the module's singleton: other code (or another sender with a
  // different key) setting the API key or base URL on the singleton cannot affect this one.
  readonly #service = new MailService();
  readonly #from: EmailAddress;

  constructor(options: SendGridEmailSenderOptions) {
    this.#service.setApiKey(options.apiKey);
    this.#service.setTimeout(options.timeoutMs ?? 10_000);
    // After setApiKey, which resets the base URL to SendGrid's region host (PROVIDERS.md).
    if (options.apiBaseUrl !== undefined) setBaseUrl(this.#service, options.apiBaseUrl);
    this.#from = options.from;
  }

  async send(message: EmailMessage): Promise<Result<{ providerMessageId: string }, SendError>> {
    try {
      const [response] = await this.#service.send({
        to: message.to,
        from: senderAddress(message.from, this.#from),
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
        customArgs: message.customArgs,
        categories: [SENDGRID_CATEGORY],
      });
      const headers: unknown = response.headers;
      const messageId = headerValue(headers, 'x-message-id');
      // A 202 without the header has never been seen; the mail was accepted, so this is still a
      // success (retrying would send it twice). Events can still be matched through customArgs.
      return ok({ providerMessageId: messageId ?? `unknown:${message.idempotencyKey}` });
    } catch (error) {
      return err(classifySendGridError(error));
    }
  }
}

/**
 * The port's `from` may be empty (use the configured sender), a display name ("Smile Dental", sent
 * from the configured address), an address, or `Name <address>`.
 */
export function senderAddress(from: string, configured: EmailAddress): EmailAddress {
  const trimmed = from.trim();
  if (trimmed === '') return configured;
  const angled = /^(.*)<\s*([^<>\s]+@[^<>\s]+)\s*>$/.exec(trimmed);
  if (angled?.[2] !== undefined) {
    const name = (angled[1] ?? '').trim().replace(/^"(.*)"$/, '$1');
    return name !== '' ? { email: angled[2], name } : { email: angled[2] };
  }
  if (/^[^\s@<>]+@[^\s@<>]+$/.test(trimmed)) {
    return trimmed.toLowerCase() === configured.email.toLowerCase() ? configured : { email: trimmed };
  }
  return { email: configured.email, name: trimmed };
}

// MailService's typings do not expose its `client`; it is a public property at runtime
// (mail-service.js `setClient`), and @sendgrid/client is not a direct dependency to build our own.
function setBaseUrl(service: MailService, baseUrl: string): void {
  const client: unknown = Reflect.get(service, 'client');
  const setDefaultRequest: unknown =
    typeof client === 'object' && client !== null ? Reflect.get(client, 'setDefaultRequest') : undefined;
  if (typeof setDefaultRequest !== 'function') {
    throw new Error('@sendgrid/mail changed: MailService has no client.setDefaultRequest');
  }
  setDefaultRequest.call(client, 'baseUrl', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
}

function headerValue(headers: unknown, name: string): string | null {
  if (typeof headers !== 'object' || headers === null) return null;
  const value: unknown = Reflect.get(headers, name);
  if (typeof value === 'string' && value !== '') return value;
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : null;
}
