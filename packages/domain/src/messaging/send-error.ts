// Why a message was not accepted by the email/SMS provider. `permanent` (invalid address, number
// unsubscribed with STOP) must not be retried; `transient` (timeout, 429, 5xx) may be, with the same
// idempotency key.
export type SendError = {
  kind: 'permanent' | 'transient';
  /** The provider's error code, e.g. Twilio "21610" (recipient replied STOP). */
  code: string;
  message: string;
};
