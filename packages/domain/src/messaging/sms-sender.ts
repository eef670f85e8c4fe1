import type { Result } from '../shared/result.ts';
import type { SendError } from './send-error.ts';

export type SmsMessage = {
  /** E.164. */
  to: string;
  body: string;
  /** Where the provider posts delivery status updates. */
  statusCallbackUrl?: string;
  idempotencyKey: string;
};

export interface SmsSender {
  /** `segments` is how many billable SMS parts the body was split into. */
  send(message: SmsMessage): Promise<Result<{ providerMessageId: string; segments: number }, SendError>>;
}
