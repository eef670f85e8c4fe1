import type { Result } from '../shared/result.ts';
import type { SendError } from './send-error.ts';

export type EmailMessage = {
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Lets a retried job avoid sending the same email twice. */
  idempotencyKey: string;
  /** Echoed back on delivery/bounce webhooks so they can be matched to the link and organization. */
  customArgs: Record<string, string>;
};

export interface EmailSender {
  send(message: EmailMessage): Promise<Result<{ providerMessageId: string }, SendError>>;
}
