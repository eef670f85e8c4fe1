// What the Twilio stand-in puts on the wire: Message resources, error bodies and signed webhooks,
// shaped after shared/reference/twilio-messages-openapi-subset.json (API 2010-04-01).
import { createHmac, randomBytes } from 'node:crypto';

export const TWILIO_API_VERSION = '2010-04-01';

export type TwilioMessageStatus =
  'accepted' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

export type StandinSmsMessage = {
  sid: string;
  accountSid: string;
  to: string;
  /** null while a Messaging Service has not picked the sender yet (as Twilio answers). */
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: TwilioMessageStatus;
  numSegments: number;
  statusCallback: string | null;
  errorCode: number | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
};

export function newSid(prefix: 'SM' | 'MM'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** RFC 2822 in GMT, as Twilio writes dates: "Thu, 24 Aug 2023 05:01:45 +0000". */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

export function messageUri(accountSid: string, sid: string): string {
  return `/${TWILIO_API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
}

export function messageResource(message: StandinSmsMessage): Record<string, unknown> {
  const uri = messageUri(message.accountSid, message.sid);
  return {
    account_sid: message.accountSid,
    api_version: TWILIO_API_VERSION,
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent ? rfc2822(message.dateSent) : null,
    date_updated: rfc2822(message.dateUpdated),
    direction: 'outbound-api',
    error_code: message.errorCode,
    error_message: message.errorCode === null ? null : `Error ${message.errorCode}`,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    num_segments: String(message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: {
      media: uri.replace(/\.json$/, '/Media.json'),
      feedback: uri.replace(/\.json$/, '/Feedback.json'),
    },
    to: message.to,
    uri,
  };
}

export type TwilioErrorBody = { code: number; message: string; more_info: string; status: number };

export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/**
 * X-Twilio-Signature, computed independently of twilio-node (so tests of our verifier are not
 * circular): HMAC-SHA1 keyed with the auth token over the URL followed by each parameter's name and
 * value, names sorted; base64.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + (params[key] ?? ''), url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export function signedFormRequest(
  authToken: string,
  url: string,
  params: Record<string, string>,
): { body: string; headers: Record<string, string> } {
  return {
    body: new URLSearchParams(params).toString(),
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      'User-Agent': 'TwilioProxy/1.1',
      'X-Twilio-Signature': twilioSignature(authToken, url, params),
    },
  };
}

// Twilio's default opt-out handling (PROVIDERS.md §2): these replies block further sends (21610)
// until the patient opts back in.
const OPT_OUT_KEYWORDS = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
  'CANCEL',
]);
const OPT_IN_KEYWORDS = new Set(['START', 'UNSTOP', 'YES']);

export function optOutKeyword(body: string): 'opt_out' | 'opt_in' | null {
  const word = body.trim().toUpperCase();
  if (OPT_OUT_KEYWORDS.has(word)) return 'opt_out';
  if (OPT_IN_KEYWORDS.has(word)) return 'opt_in';
  return null;
}
