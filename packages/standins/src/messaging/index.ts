// Local Twilio (Messages) and SendGrid (Mail Send, Event Webhook) servers: the real SDKs talk to them
// in tests and development, and they post signed provider webhooks back to the app.
export {
  startTwilioStandin,
  TWILIO_MAGIC_NUMBERS,
  type TwilioFailure,
  type TwilioStandin,
  type TwilioStandinOptions,
  type TwilioStandinRequest,
} from './twilio-standin.ts';
export {
  messageResource,
  twilioSignature,
  TWILIO_API_VERSION,
  type StandinSmsMessage,
  type TwilioMessageStatus,
} from './twilio-wire.ts';
export {
  startSendGridStandin,
  SENDGRID_DEFAULT_MAX_BODY_BYTES,
  type SendGridEventName,
  type SendGridStandin,
  type SendGridStandinOptions,
  type SendGridStandinRequest,
  type SignedEventBatch,
} from './sendgrid-standin.ts';
export { validateMailSend, type SendGridError } from './sendgrid-validation.ts';
export type { WebhookDelivery } from './standin-http.ts';
export { startWebhookRecorder, type RecordedWebhook, type WebhookRecorder } from './webhook-recorder.ts';
