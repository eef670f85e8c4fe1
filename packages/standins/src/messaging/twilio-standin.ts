// A local stand-in for the part of Twilio's Messages API we use, for tests and development. The real
// twilio SDK talks to it (`client.api.baseUrl = standin.url`). It sends nothing: it records requests,
// answers like Twilio (201 Message, or Twilio's error body), and on demand posts signed status
// callbacks and inbound SMS webhooks to our app.
//
//   POST /2010-04-01/Accounts/{AccountSid}/Messages.json        create (Basic auth, form body)
//   GET  /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json  fetch
//
// Magic recipients as with Twilio test credentials: +15005550001 → 21211, +15005550004 → 21610. A
// patient who texts STOP (sendInbound) gets 21610 from then on, until START.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { countSmsSegments } from '@clinicpay/domain';
import { postWebhook, readBody, sendJson, startServer, type WebhookDelivery } from './standin-http.ts';
import {
  messageResource,
  newSid,
  optOutKeyword,
  signedFormRequest,
  twilioError,
  TWILIO_API_VERSION,
  type StandinSmsMessage,
  type TwilioErrorBody,
} from './twilio-wire.ts';

export type TwilioStandinOptions = {
  accountSid: string;
  authToken: string;
  /** 0/undefined = a random free port. */
  port?: number;
  host?: string;
  now?: () => Date;
};

export type TwilioStandinRequest = {
  method: string;
  path: string;
  to: string | null;
  from: string | null;
  messagingServiceSid: string | null;
  body: string | null;
  statusCallback: string | null;
  /** Basic auth matched the configured account SID and auth token. */
  authOk: boolean;
  /** What the stand-in answered. */
  status: number;
  params: Record<string, string>;
};

export type TwilioFailure = { status: number; code?: number; message?: string };

export type TwilioStandin = {
  url: string;
  accountSid: string;
  requests(): TwilioStandinRequest[];
  /** Messages accepted (201), oldest first. */
  messages(): StandinSmsMessage[];
  /** The next `count` API requests fail this way, before any other check. */
  failNext(count: number, failure: TwilioFailure): void;
  sendStatusCallback(
    sid: string,
    status: 'sent' | 'delivered' | 'undelivered' | 'failed',
    errorCode?: number,
  ): Promise<WebhookDelivery>;
  sendInbound(
    url: string,
    sms: { from: string; to: string; body: string; messagingServiceSid?: string },
  ): Promise<WebhookDelivery>;
  /** Forgets recorded requests, messages, opt-outs and pending failures. */
  reset(): void;
  stop(): Promise<void>;
};

export const TWILIO_MAGIC_NUMBERS = {
  invalid: '+15005550001',
  unsubscribed: '+15005550004',
  /** Where a Messaging Service "sends from" in callbacks. */
  serviceSender: '+15005550006',
} as const;

const E164 = /^\+[1-9]\d{1,14}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MESSAGE_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;

const DEFAULT_FAILURES: Readonly<Record<number, { code: number; message: string }>> = {
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'Internal Server Error' },
  503: { code: 20503, message: 'Service Unavailable' },
};

type Answer = { status: number; body: Record<string, unknown> | TwilioErrorBody };

export async function startTwilioStandin(options: TwilioStandinOptions): Promise<TwilioStandin> {
  const now = options.now ?? (() => new Date());
  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  let requests: TwilioStandinRequest[] = [];
  let messages: StandinSmsMessage[] = [];
  let optedOut = new Set<string>();
  let failures: TwilioFailure[] = [];

  function createMessage(params: Record<string, string>): Answer {
    const to = params['To'];
    const from = params['From'];
    const serviceSid = params['MessagingServiceSid'];
    const body = params['Body'];
    const statusCallback = params['StatusCallback'];
    if (to === undefined || to === '') {
      return { status: 400, body: twilioError(400, 21604, "A 'To' phone number is required.") };
    }
    if (!E164.test(to) || to === TWILIO_MAGIC_NUMBERS.invalid) {
      return {
        status: 400,
        body: twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`),
      };
    }
    if (!from && !serviceSid) {
      return { status: 400, body: twilioError(400, 21603, "A 'From' phone number is required.") };
    }
    if (serviceSid && !MESSAGING_SERVICE_SID.test(serviceSid)) {
      return {
        status: 400,
        body: twilioError(400, 21701, `The Messaging Service Sid ${serviceSid} is invalid.`),
      };
    }
    if (from && !serviceSid && !E164.test(from)) {
      return {
        status: 400,
        body: twilioError(400, 21212, `The 'From' number ${from} is not a valid phone number.`),
      };
    }
    if (body === undefined || body === '') {
      return { status: 400, body: twilioError(400, 21602, 'Message body is required.') };
    }
    if ([...body].length > 1600) {
      return {
        status: 400,
        body: twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'),
      };
    }
    if (statusCallback !== undefined && !/^https?:\/\/[^\s/_]+(?::\d+)?(?:\/\S*)?$/i.test(statusCallback)) {
      return {
        status: 400,
        body: twilioError(400, 21609, `The StatusCallback URL ${statusCallback} is not valid.`),
      };
    }
    if (to === TWILIO_MAGIC_NUMBERS.unsubscribed || optedOut.has(to)) {
      return { status: 400, body: twilioError(400, 21610, 'Attempt to send to unsubscribed recipient') };
    }
    const created = now();
    const message: StandinSmsMessage = {
      sid: newSid('SM'),
      accountSid: options.accountSid,
      to,
      from: serviceSid ? null : (from ?? null),
      messagingServiceSid: serviceSid ?? null,
      body,
      status: serviceSid ? 'accepted' : 'queued',
      numSegments: countSmsSegments(body).segments,
      statusCallback: statusCallback ?? null,
      errorCode: null,
      dateCreated: created,
      dateUpdated: created,
      dateSent: null,
    };
    messages.push(message);
    return { status: 201, body: messageResource(message) };
  }

  function answer(
    request: IncomingMessage,
    path: string,
    params: Record<string, string>,
    authOk: boolean,
  ): Answer {
    const failure = failures.shift();
    if (failure) {
      const known = DEFAULT_FAILURES[failure.status];
      const code = failure.code ?? known?.code ?? 20500;
      return {
        status: failure.status,
        body: twilioError(failure.status, code, failure.message ?? known?.message ?? 'Error'),
      };
    }
    if (!authOk) {
      return { status: 401, body: twilioError(401, 20003, 'Authentication Error - invalid username') };
    }
    const create = MESSAGES_PATH.exec(path);
    const fetchOne = MESSAGE_PATH.exec(path);
    const pathSid = create?.[1] ?? fetchOne?.[1];
    if (pathSid !== undefined && pathSid !== options.accountSid) {
      return { status: 404, body: twilioError(404, 20404, `The requested resource ${path} was not found`) };
    }
    if (create && request.method === 'POST') return createMessage(params);
    const found =
      fetchOne && request.method === 'GET' ? messages.find((m) => m.sid === fetchOne[2]) : undefined;
    if (found) return { status: 200, body: messageResource(found) };
    return { status: 404, body: twilioError(404, 20404, `The requested resource ${path} was not found`) };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://standin.invalid');
    const { body } = await readBody(request);
    const params: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = value;
    const authOk = request.headers.authorization === expectedAuth;
    const result = answer(request, url.pathname, params, authOk);
    requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      to: params['To'] ?? null,
      from: params['From'] ?? null,
      messagingServiceSid: params['MessagingServiceSid'] ?? null,
      body: params['Body'] ?? null,
      statusCallback: params['StatusCallback'] ?? null,
      authOk,
      status: result.status,
      params,
    });
    sendJson(
      response,
      result.status,
      result.body,
      result.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Twilio API"' } : {},
    );
  }

  const server = await startServer(options, handle);

  function postSigned(url: string, params: Record<string, string>): Promise<WebhookDelivery> {
    const { body, headers } = signedFormRequest(options.authToken, url, params);
    return postWebhook(url, body, headers);
  }

  return {
    url: server.url,
    accountSid: options.accountSid,
    requests: () => requests.map((r) => ({ ...r, params: { ...r.params } })),
    messages: () => messages.map((m) => ({ ...m })),
    failNext(count, failure) {
      for (let i = 0; i < count; i += 1) failures.push(failure);
    },
    async sendStatusCallback(sid, status, errorCode) {
      const message = messages.find((m) => m.sid === sid);
      if (!message) throw new Error(`twilio stand-in: no message ${sid}`);
      if (!message.statusCallback) throw new Error(`twilio stand-in: message ${sid} has no StatusCallback`);
      const failed = status === 'failed' || status === 'undelivered';
      message.status = status;
      message.dateUpdated = now();
      message.dateSent ??= status === 'failed' ? null : message.dateUpdated;
      // 30003: unreachable handset; 30008: unknown error — the usual codes for these two states.
      message.errorCode = failed ? (errorCode ?? (status === 'undelivered' ? 30003 : 30008)) : null;
      const params: Record<string, string> = {
        AccountSid: options.accountSid,
        ApiVersion: TWILIO_API_VERSION,
        From: message.from ?? TWILIO_MAGIC_NUMBERS.serviceSender,
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: message.to,
        ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
        ...(message.errorCode !== null ? { ErrorCode: String(message.errorCode) } : {}),
      };
      return postSigned(message.statusCallback, params);
    },
    async sendInbound(url, sms) {
      const keyword = optOutKeyword(sms.body);
      if (keyword === 'opt_out') optedOut.add(sms.from);
      if (keyword === 'opt_in') optedOut.delete(sms.from);
      const sid = newSid('SM');
      return postSigned(url, {
        AccountSid: options.accountSid,
        ApiVersion: TWILIO_API_VERSION,
        Body: sms.body,
        From: sms.from,
        MessageSid: sid,
        NumMedia: '0',
        NumSegments: String(countSmsSegments(sms.body).segments),
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: 'received',
        To: sms.to,
        ...(sms.messagingServiceSid ? { MessagingServiceSid: sms.messagingServiceSid } : {}),
        // Only Messaging Services with Advanced Opt-Out report the keyword's meaning.
        ...(sms.messagingServiceSid && keyword
          ? { OptOutType: keyword === 'opt_out' ? 'STOP' : 'START' }
          : {}),
      });
    },
    reset() {
      requests = [];
      messages = [];
      optedOut = new Set();
      failures = [];
    },
    stop: server.stop,
  };
}
