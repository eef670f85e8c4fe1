// SMS and email senders (Twilio, SendGrid, and capture-to-outbox for dev/tests) and the verifiers of
// their delivery webhooks.
export { TwilioSmsSender, type TwilioSmsSenderOptions } from './twilio-sms-sender.ts';
export { classifyTwilioError } from './classify-twilio-error.ts';
export {
  SendGridEmailSender,
  SENDGRID_CATEGORY,
  senderAddress,
  type EmailAddress,
  type SendGridEmailSenderOptions,
} from './sendgrid-email-sender.ts';
export { classifySendGridError, sendGridErrorMessages } from './classify-sendgrid-error.ts';
export {
  CaptureEmailSender,
  CaptureSmsSender,
  CAPTURE_MAGIC_RECIPIENTS,
  captureMessageId,
  captureProviderMessageId,
  type CapturedMessage,
  type CapturedMessageStore,
  type CaptureSenderOptions,
} from './capture-senders.ts';
export { UnconfiguredSender } from './unconfigured-sender.ts';
export {
  verifySendGridSignature,
  verifyTwilioSignature,
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  type SendGridSignatureInput,
  type TwilioSignatureInput,
} from './webhook-signatures.ts';
export { TwilioWebhooks, type TwilioForm } from './twilio-webhooks.ts';
export { SendGridWebhooks } from './sendgrid-webhooks.ts';
