// SmsSender on Twilio's Messages API through the official SDK (or the local stand-in, which speaks the
// same API: pass its URL as apiBaseUrl).
//
// Twilio has no idempotency key. Exactly-once is the caller's job: the send-message job commits the
// message as `sending` before calling us and never calls again for a message that left `queued`, so
// `idempotencyKey` is accepted (the port has it for providers that do support one) and unused here.
import twilio from 'twilio';
import {
  countSmsSegments,
  err,
  ok,
  type Result,
  type SendError,
  type SmsMessage,
  type SmsSender,
} from '@clinicpay/domain';
import { classifyTwilioError } from './classify-twilio-error.ts';

export type TwilioSmsSenderOptions = {
  accountSid: string;
  authToken: string;
  /** An E.164 number of the account, or a Messaging Service SID (`MG…`, lets Twilio pick the number
   * and handle opt-outs per service). */
  from: string;
  /** The stand-in's origin, e.g. `http://127.0.0.1:4010`; unset = api.twilio.com. */
  apiBaseUrl?: string;
  /** Per-request timeout; default 10 s (the SDK's own default is 30 s, long for a job). */
  timeoutMs?: number;
};

const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

export class TwilioSmsSender implements SmsSender {
  readonly #client: twilio.Twilio;
  readonly #sender: { from: string } | { messagingServiceSid: string };

  constructor(options: TwilioSmsSenderOptions) {
    this.#client = twilio(options.accountSid, options.authToken, {
      timeout: options.timeoutMs ?? 10_000,
      // Retries are the job's decision, made with the message's recorded state (see above).
      autoRetry: false,
    });
    if (options.apiBaseUrl !== undefined) {
      // twilio-node has no base-URL option; `api.baseUrl` is the public property every
      // `client.messages` request is built from (PROVIDERS.md, verified by the stand-in tests).
      this.#client.api.baseUrl = options.apiBaseUrl.replace(/\/+$/, '');
    }
    this.#sender = MESSAGING_SERVICE_SID.test(options.from)
      ? { messagingServiceSid: options.from }
      : { from: options.from };
  }

  async send(
    message: SmsMessage,
  ): Promise<Result<{ providerMessageId: string; segments: number }, SendError>> {
    try {
      const created = await this.#client.messages.create({
        to: message.to,
        body: message.body,
        ...this.#sender,
        ...(message.statusCallbackUrl !== undefined ? { statusCallback: message.statusCallbackUrl } : {}),
      });
      // `num_segments` is a string and can be "0" (e.g. not yet computed for a scheduled message).
      const reported = Number(created.numSegments);
      const segments =
        Number.isInteger(reported) && reported > 0 ? reported : countSmsSegments(message.body).segments;
      return ok({ providerMessageId: created.sid, segments });
    } catch (error) {
      return err(classifyTwilioError(error));
    }
  }
}
