// The sender of a channel that has no provider on a production server. Patient messages never reach
// it (SendMessage refuses them first, with `reason` — see Senders.unavailable); anything else that
// sends directly, such as a staff invitation email, gets a permanent error it reports as "not sent".
// Nothing is stored: in production there is no dev outbox to show a captured message.
import {
  err,
  type EmailMessage,
  type EmailSender,
  type Result,
  type SendError,
  type SmsMessage,
  type SmsSender,
} from '@clinicpay/domain';

export class UnconfiguredSender implements SmsSender, EmailSender {
  readonly #error: SendError;

  constructor(reason: string) {
    this.#error = { kind: 'permanent', code: 'not_configured', message: reason };
  }

  async send(
    _message: SmsMessage | EmailMessage,
  ): Promise<Result<{ providerMessageId: string; segments: number }, SendError>> {
    return err(this.#error);
  }
}
