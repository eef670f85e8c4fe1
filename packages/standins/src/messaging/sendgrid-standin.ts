// A local stand-in for SendGrid's Mail Send API and Event Webhook, for tests and development. The real
// @sendgrid/mail talks to it (client baseUrl = standin.url). It delivers nothing: it validates and
// records each request, answers 202 with an X-Message-Id like SendGrid, and on demand posts event
// batches signed with its own ECDSA P-256 key (give our app `publicKeyBase64` as the verification key).
//
//   POST /v3/mail/send   Authorization: Bearer <apiKey>, JSON body
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  flatHeaders,
  postWebhook,
  readBody,
  sendEmpty,
  sendJson,
  startServer,
  type WebhookDelivery,
} from './standin-http.ts';
import { validateMailSend, type SendGridError } from './sendgrid-validation.ts';

export type SendGridStandinOptions = {
  apiKey: string;
  /** 0/undefined = a random free port. */
  port?: number;
  host?: string;
  /** Requests larger than this get 413; default 30 MB, SendGrid's limit. */
  maxBodyBytes?: number;
  now?: () => Date;
};

export type SendGridStandinRequest = {
  method: string;
  path: string;
  /** Incoming headers, names lower-cased. */
  headers: Record<string, string>;
  /** The parsed JSON body, or null when it was not JSON (or too large). */
  body: unknown;
  authOk: boolean;
  status: number;
  /** The X-Message-Id answered, for accepted mail. */
  messageId: string | null;
};

export type SendGridEventName = 'processed' | 'delivered' | 'deferred' | 'bounce' | 'dropped' | 'spamreport';

export type SignedEventBatch = { payload: Buffer; signature: string; timestamp: string };

export type SendGridStandin = {
  url: string;
  /** Base64 DER SPKI: the Event Webhook "verification key". */
  publicKeyBase64: string;
  requests(): SendGridStandinRequest[];
  /** The next `count` requests fail with this status, before any other check. */
  failNext(count: number, failure: { status: number; message?: string }): void;
  /** One realistic event for a message this stand-in accepted. */
  eventFor(
    messageId: string,
    event: SendGridEventName,
    extra?: Record<string, unknown>,
  ): Record<string, unknown>;
  /** Signs a batch as SendGrid does (timestamp + raw body); `timestamp` defaults to now. */
  signEvents(events: Array<Record<string, unknown>>, timestamp?: number): SignedEventBatch;
  postEvents(url: string, events: Array<Record<string, unknown>>): Promise<WebhookDelivery>;
  reset(): void;
  stop(): Promise<void>;
};

export const SENDGRID_DEFAULT_MAX_BODY_BYTES = 30 * 1024 * 1024;

const FAILURE_MESSAGES: Readonly<Record<number, string>> = {
  429: 'too many requests',
  500: 'internal server error',
  502: 'bad gateway',
  503: 'service unavailable',
};

// SendGrid ids look like 22 url-safe base64 characters.
function newMessageId(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}

function errors(...list: SendGridError[]): { errors: SendGridError[] } {
  return { errors: list };
}

/** The recipient and custom args of an accepted request, for building events. */
function mailFacts(body: unknown): {
  email: string;
  customArgs: Record<string, unknown>;
  categories: unknown;
} {
  const record = (value: unknown): Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
  const mail = record(body);
  const personalizations = Array.isArray(mail['personalizations']) ? mail['personalizations'] : [];
  const first = record(personalizations[0]);
  const to = Array.isArray(first['to']) ? record(first['to'][0]) : {};
  return {
    email: typeof to['email'] === 'string' ? to['email'] : 'unknown@example.com',
    // Personalization-level custom_args override message-level ones, as SendGrid merges them.
    customArgs: { ...record(mail['custom_args']), ...record(first['custom_args']) },
    categories: mail['categories'],
  };
}

const EVENT_DEFAULTS: Readonly<Record<SendGridEventName, Record<string, unknown>>> = {
  processed: {},
  delivered: { response: '250 2.0.0 OK', tls: 1, ip: '149.72.154.232' },
  deferred: { response: '451 4.7.1 Please try again later', attempt: '1', ip: '149.72.154.232' },
  bounce: {
    type: 'bounce',
    status: '5.1.1',
    reason: '550 5.1.1 The email account that you tried to reach does not exist.',
    bounce_classification: 'Invalid Address',
    ip: '149.72.154.232',
    tls: 1,
  },
  dropped: { reason: 'Bounced Address', status: '5.0.0' },
  spamreport: {},
};

export async function startSendGridStandin(options: SendGridStandinOptions): Promise<SendGridStandin> {
  const now = options.now ?? (() => new Date());
  const maxBodyBytes = options.maxBodyBytes ?? SENDGRID_DEFAULT_MAX_BODY_BYTES;
  const { privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject } = generateKeyPairSync(
    'ec',
    {
      namedCurve: 'prime256v1',
    },
  );
  const publicKeyBase64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  let requests: SendGridStandinRequest[] = [];
  let failures: Array<{ status: number; message?: string }> = [];
  let accepted = new Map<string, unknown>();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://standin.invalid');
    const headers = flatHeaders(request);
    const { body: raw, tooLarge } = await readBody(request, maxBodyBytes);
    let body: unknown = null;
    let parsed = false;
    if (!tooLarge) {
      try {
        body = JSON.parse(raw.toString('utf8'));
        parsed = true;
      } catch {
        body = null;
      }
    }
    const authOk = headers['authorization'] === `Bearer ${options.apiKey}`;
    const record = (status: number, messageId: string | null = null) =>
      requests.push({
        method: request.method ?? 'GET',
        path: url.pathname,
        headers,
        body,
        authOk,
        status,
        messageId,
      });

    const failure = failures.shift();
    if (failure) {
      record(failure.status);
      const message = failure.message ?? FAILURE_MESSAGES[failure.status] ?? 'error';
      return sendJson(response, failure.status, errors({ message, field: null, help: null }));
    }
    if (url.pathname !== '/v3/mail/send' || request.method !== 'POST') {
      record(404);
      return sendJson(response, 404, errors({ message: 'not found', field: null, help: null }));
    }
    if (!authOk) {
      record(401);
      return sendJson(
        response,
        401,
        errors({
          message: 'The provided authorization grant is invalid, expired, or revoked',
          field: null,
          help: null,
        }),
      );
    }
    if (tooLarge) {
      record(413);
      return sendJson(response, 413, errors({ message: 'content too large', field: null, help: null }));
    }
    const problems = parsed ? validateMailSend(body) : [{ message: 'Bad Request', field: null, help: null }];
    if (problems.length > 0) {
      record(400);
      return sendJson(response, 400, errors(...problems));
    }
    const messageId = newMessageId();
    accepted.set(messageId, body);
    record(202, messageId);
    sendEmpty(response, 202, { 'X-Message-Id': messageId });
  }

  const server = await startServer(options, handle);

  function signEvents(events: Array<Record<string, unknown>>, timestamp?: number): SignedEventBatch {
    // SendGrid's body ends with CRLF, and the signature covers it: verifiers must use the raw bytes.
    const payload = Buffer.from(`${JSON.stringify(events)}\r\n`, 'utf8');
    const ts = String(timestamp ?? Math.floor(now().getTime() / 1000));
    const signature = sign('sha256', Buffer.concat([Buffer.from(ts, 'utf8'), payload]), privateKey).toString(
      'base64',
    );
    return { payload, signature, timestamp: ts };
  }

  return {
    url: server.url,
    publicKeyBase64,
    requests: () => requests.map((r) => ({ ...r, headers: { ...r.headers } })),
    failNext(count, failure) {
      for (let i = 0; i < count; i += 1) failures.push(failure);
    },
    eventFor(messageId, event, extra = {}) {
      if (!accepted.has(messageId)) throw new Error(`sendgrid stand-in: no accepted message ${messageId}`);
      const facts = mailFacts(accepted.get(messageId));
      const timestamp = Math.floor(now().getTime() / 1000);
      return {
        ...facts.customArgs,
        email: facts.email,
        timestamp,
        event,
        sg_event_id: randomBytes(16).toString('base64url').slice(0, 22),
        sg_message_id: `${messageId}.filterdrecv-5bd9c5f8b4-xk2gq-1-${timestamp.toString(16).toUpperCase()}-7.0`,
        'smtp-id': `<${messageId}@geopod-ismtpd-3>`,
        ...(facts.categories !== undefined ? { category: facts.categories } : {}),
        ...EVENT_DEFAULTS[event],
        ...extra,
      };
    },
    signEvents,
    async postEvents(url, events) {
      const { payload, signature, timestamp } = signEvents(events);
      return postWebhook(url, payload.toString('utf8'), {
        'Content-Type': 'application/json',
        'User-Agent': 'SendGrid Event API',
        'X-Twilio-Email-Event-Webhook-Signature': signature,
        'X-Twilio-Email-Event-Webhook-Timestamp': timestamp,
      });
    },
    reset() {
      requests = [];
      failures = [];
      accepted = new Map();
    },
    stop: server.stop,
  };
}
