// Messaging: which provider serves each channel (Twilio, SendGrid, the dev capture, or none), the
// providers' webhook adapters, the sending use cases' dependencies, and the dev outbox.
import type { MessagingDeps, PaymentLinkDeps, Senders } from '@clinicpay/domain';
import {
  CaptureEmailSender,
  CaptureSmsSender,
  SendGridEmailSender,
  SendGridWebhooks,
  TwilioSmsSender,
  TwilioWebhooks,
  UnconfiguredSender,
} from '../messaging/index.ts';
import { PgCapturedMessageStore, PgDevOutbox } from '../repositories/captured-message-store.ts';
import type { Config } from '../config/config.ts';
import type { Core } from './core.ts';
import { linkReposFor } from './scope.ts';
import type { PaymentsComposition } from './payments.ts';

export type MessagingComposition = {
  /** Sending and delivery: the senders chosen from config (capture when no provider is set). */
  messagingDeps(): MessagingDeps;
  /** Twilio's and SendGrid's webhook adapters, each only when that provider is configured. */
  twilioWebhooks: TwilioWebhooks | null;
  sendgridWebhooks: SendGridWebhooks | null;
  /** What the capture senders kept, for the dev outbox page; null where nothing is captured (production). */
  devOutbox: PgDevOutbox | null;
};

// What staff read on a message refused because its channel has no provider.
const SMS_UNAVAILABLE = 'text messages are not set up on this server (no SMS provider is configured)';
const EMAIL_UNAVAILABLE = 'email is not set up on this server (no email provider is configured)';

type Channels = {
  sms: 'twilio' | 'capture' | 'none';
  email: 'sendgrid' | 'capture' | 'none';
  disabled: Array<{ channel: 'sms' | 'email'; warning: string }>;
};

/**
 * Which provider serves each channel. Without credentials, development and tests capture messages
 * for the dev outbox; a production server never does (nobody would see them, and staff would be
 * told they were sent): the channel is off, its messages are refused with the reason, and each web
 * and worker process says at start which variables would turn it on.
 */
function messagingChannels(config: Config): Channels {
  const production = config.nodeEnv === 'production';
  const sms = config.twilio ? 'twilio' : production ? 'none' : 'capture';
  const email = config.sendgrid ? 'sendgrid' : production ? 'none' : 'capture';
  const disabled: Channels['disabled'] = [];
  if (sms === 'none')
    disabled.push({
      channel: 'sms',
      warning:
        'SMS is off: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER to send texts (until then they are refused)',
    });
  if (email === 'none')
    disabled.push({
      channel: 'email',
      warning:
        'Email is off: set SENDGRID_API_KEY and SENDGRID_FROM_EMAIL to send email (until then it is refused)',
    });
  return { sms, email, disabled };
}

/** Decided before payments are composed: a link created for a channel that can't send says so. */
export function unavailableChannels(core: Core): PaymentLinkDeps['unavailableChannels'] {
  return unavailableOf(messagingChannels(core.config));
}

function unavailableOf(channels: Channels): PaymentLinkDeps['unavailableChannels'] {
  return {
    sms: channels.sms === 'none' ? SMS_UNAVAILABLE : null,
    email: channels.email === 'none' ? EMAIL_UNAVAILABLE : null,
  };
}

export function composeMessaging(
  core: Core,
  payments: Pick<PaymentsComposition, 'urls'>,
): MessagingComposition {
  const { config, orm, clock } = core;
  const channels = messagingChannels(config);
  for (const off of channels.disabled) core.logger.warn(off.warning);
  const capture = { store: new PgCapturedMessageStore(() => orm.em.fork()), now: () => clock.now() };
  const senders: Senders = {
    sms:
      channels.sms === 'twilio' && config.twilio
        ? new TwilioSmsSender({
            accountSid: config.twilio.accountSid,
            authToken: config.twilio.authToken,
            from: config.twilio.fromNumber,
            ...(config.twilio.apiBaseUrl ? { apiBaseUrl: config.twilio.apiBaseUrl } : {}),
          })
        : channels.sms === 'capture'
          ? new CaptureSmsSender(capture)
          : new UnconfiguredSender(SMS_UNAVAILABLE),
    email:
      channels.email === 'sendgrid' && config.sendgrid
        ? new SendGridEmailSender({
            apiKey: config.sendgrid.apiKey,
            from: { email: config.sendgrid.fromEmail },
            ...(config.sendgrid.apiBaseUrl ? { apiBaseUrl: config.sendgrid.apiBaseUrl } : {}),
          })
        : channels.email === 'capture'
          ? new CaptureEmailSender(capture)
          : new UnconfiguredSender(EMAIL_UNAVAILABLE),
    smsProvider: channels.sms,
    emailProvider: channels.email,
    idempotent: { sms: channels.sms === 'capture', email: channels.email === 'capture' },
    unavailable: unavailableOf(channels),
    fromEmail: config.sendgrid?.fromEmail ?? 'payments@clinicpay.local',
  };
  const capturing = channels.sms === 'capture' || channels.email === 'capture';
  return {
    messagingDeps: () => ({
      uow: core.uow,
      repos: linkReposFor(orm.em.fork()),
      senders,
      clock,
      ids: core.ids,
      linkUrls: payments.urls,
      messageUrls: {
        unsubscribeUrl: (messageId) => `${config.publicBaseUrl}/unsubscribe/${messageId}`,
        smsStatusCallbackUrl: () =>
          config.twilio ? `${config.publicBaseUrl}/webhooks/twilio/status` : undefined,
      },
      sendRatePerSecond: config.messageSendRatePerSecond,
      random: Math.random,
    }),
    twilioWebhooks: config.twilio
      ? new TwilioWebhooks({ authToken: config.twilio.authToken, publicBaseUrl: config.publicBaseUrl })
      : null,
    sendgridWebhooks: config.sendgrid?.webhookPublicKey
      ? new SendGridWebhooks({ publicKeyBase64: config.sendgrid.webhookPublicKey })
      : null,
    devOutbox: capturing ? new PgDevOutbox(() => orm.em.fork()) : null,
  };
}
