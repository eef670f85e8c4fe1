// Twilio's webhooks to us, translated: proof that a request came from Twilio (its signature over our
// public URL and the form), a status callback as a delivery report, an inbound SMS as sender and text,
// and our reply as TwiML. Built once in the composition root when Twilio is configured, and injected.
import type { DeliveryReport } from '@clinicpay/domain';
import { verifyTwilioSignature } from './webhook-signatures.ts';

/** The statuses that change what we recorded; the rest (queued, sending, accepted, …) change nothing. */
const REPORTED_STATUSES = ['sent', 'delivered', 'undelivered', 'failed'] as const;
type ReportedStatus = (typeof REPORTED_STATUSES)[number];
const isReported = (status: string): status is ReportedStatus =>
  (REPORTED_STATUSES as readonly string[]).includes(status);

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );
}

export type TwilioForm = Record<string, string>;

export class TwilioWebhooks {
  readonly #authToken: string;
  readonly #publicBaseUrl: string;

  constructor(options: { authToken: string; publicBaseUrl: string }) {
    this.#authToken = options.authToken;
    this.#publicBaseUrl = options.publicBaseUrl;
  }

  /** `path` is the request's path and query as we received it; Twilio signed our public URL of it. */
  verify(request: { path: string; form: TwilioForm; signature: string | undefined }): boolean {
    return verifyTwilioSignature({
      authToken: this.#authToken,
      url: `${this.#publicBaseUrl}${request.path}`,
      params: request.form,
      signature: request.signature,
    });
  }

  /** A status callback for a message we sent, or null when its status changes nothing. */
  deliveryReport(form: TwilioForm): DeliveryReport | null {
    const status = form.MessageStatus ?? '';
    if (!isReported(status) || !form.MessageSid) return null;
    return {
      provider: 'twilio',
      providerMessageId: form.MessageSid,
      messageId: null,
      status,
      errorCode: form.ErrorCode ?? null,
      errorMessage: form.ErrorCode ? `Twilio error ${form.ErrorCode}` : null,
      markUnusable: false,
    };
  }

  /** A patient's SMS to our number. */
  inboundSms(form: TwilioForm): { from: string; body: string } {
    return { from: form.From ?? '', body: form.Body ?? '' };
  }

  /** The TwiML answer to an inbound SMS: our reply, or none. */
  reply(text: string | null): string {
    return text
      ? `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escapeXml(text)}</Message></Response>`
      : '<?xml version="1.0" encoding="UTF-8"?><Response/>';
  }
}
