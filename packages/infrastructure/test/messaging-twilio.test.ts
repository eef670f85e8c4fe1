// TwilioSmsSender with the real twilio SDK against the local Twilio stand-in: the request on the wire,
// and how Twilio's answers map to permanent/transient SendErrors.
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyTwilioError } from '../src/messaging/classify-twilio-error.ts';
import { TwilioSmsSender } from '../src/messaging/twilio-sms-sender.ts';
import { startTwilioStandin, TWILIO_MAGIC_NUMBERS, type TwilioStandin } from '@clinicpay/standins/messaging';

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-test-token';
const FROM = '+15005550006';
const SERVICE_SID = `MG${'a'.repeat(32)}`;
const CALLBACK = 'https://app.example.com/webhooks/twilio/status';

let standin: TwilioStandin;
let sender: TwilioSmsSender;

beforeAll(async () => {
  standin = await startTwilioStandin({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  sender = new TwilioSmsSender({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    from: FROM,
    apiBaseUrl: standin.url,
  });
});
afterAll(async () => {
  await standin.stop();
});
beforeEach(() => standin.reset());

const sms = (to: string, body = 'Hello from the clinic') => ({
  to,
  body,
  statusCallbackUrl: CALLBACK,
  idempotencyKey: 'message:1',
});

describe('TwilioSmsSender → stand-in', () => {
  it('creates the message with Basic auth on the account path and returns sid and segments', async () => {
    const result = await sender.send(sms('+14155550100', `Pay here ${'x'.repeat(170)}`));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result.value.segments).toBe(2);

    const [request] = standin.requests();
    expect(request).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
      authOk: true,
      to: '+14155550100',
      from: FROM,
      messagingServiceSid: null,
      statusCallback: CALLBACK,
      status: 201,
    });
    expect(request?.body).toBe(`Pay here ${'x'.repeat(170)}`);
    expect(standin.messages()[0]).toMatchObject({ sid: result.value.providerMessageId, status: 'queued' });
  });

  it('sends through a Messaging Service when `from` is an MG sid, and omits StatusCallback if unset', async () => {
    const viaService = new TwilioSmsSender({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: SERVICE_SID,
      apiBaseUrl: `${standin.url}/`,
    });
    const result = await viaService.send({ to: '+14155550100', body: 'Hi 👋', idempotencyKey: 'k' });
    expect(result).toEqual({
      ok: true,
      value: { providerMessageId: expect.stringMatching(/^SM/), segments: 1 },
    });
    expect(standin.requests()[0]).toMatchObject({
      from: null,
      messagingServiceSid: SERVICE_SID,
      statusCallback: null,
    });
    expect(Object.keys(standin.requests()[0]?.params ?? {}).sort()).toEqual([
      'Body',
      'MessagingServiceSid',
      'To',
    ]);
  });

  it('maps 21211 (invalid number) and 21610 (STOP) to permanent errors', async () => {
    expect(await sender.send(sms(TWILIO_MAGIC_NUMBERS.invalid))).toEqual({
      ok: false,
      error: {
        kind: 'permanent',
        code: '21211',
        message: expect.stringContaining('not a valid phone number'),
      },
    });
    expect(await sender.send(sms('555-0100'))).toMatchObject({
      ok: false,
      error: { kind: 'permanent', code: '21211' },
    });
    expect(await sender.send(sms(TWILIO_MAGIC_NUMBERS.unsubscribed))).toEqual({
      ok: false,
      error: { kind: 'permanent', code: '21610', message: 'Attempt to send to unsubscribed recipient' },
    });
  });

  it('maps 429 (20429) and 5xx to transient errors, then succeeds', async () => {
    standin.failNext(1, { status: 429 });
    standin.failNext(1, { status: 503 });
    standin.failNext(1, { status: 500, code: 20500 });
    expect(await sender.send(sms('+14155550100'))).toMatchObject({
      ok: false,
      error: { kind: 'transient', code: '20429' },
    });
    expect(await sender.send(sms('+14155550100'))).toMatchObject({
      ok: false,
      error: { kind: 'transient', code: '20503' },
    });
    expect(await sender.send(sms('+14155550100'))).toMatchObject({
      ok: false,
      error: { kind: 'transient', code: '20500' },
    });
    expect((await sender.send(sms('+14155550100'))).ok).toBe(true);
    // autoRetry is off: each failure was one request.
    expect(standin.requests().map((r) => r.status)).toEqual([429, 503, 500, 201]);
  });

  it('treats an error code it does not know as transient, keeping the code for the logs', async () => {
    standin.failNext(1, { status: 400, code: 21999, message: 'Something new' });
    expect(await sender.send(sms('+14155550100'))).toEqual({
      ok: false,
      error: { kind: 'transient', code: '21999', message: 'Something new' },
    });
  });

  it('maps wrong credentials (401, 20003) to a permanent error', async () => {
    for (const [accountSid, authToken] of [
      [ACCOUNT_SID, 'nope'],
      [`AC${'2'.repeat(32)}`, AUTH_TOKEN],
    ] as const) {
      const wrong = new TwilioSmsSender({ accountSid, authToken, from: FROM, apiBaseUrl: standin.url });
      expect(await wrong.send(sms('+14155550100'))).toMatchObject({
        ok: false,
        error: { kind: 'permanent', code: '20003' },
      });
    }
    expect(standin.requests().map((r) => [r.authOk, r.status])).toEqual([
      [false, 401],
      [false, 401],
    ]);
    expect(standin.messages()).toEqual([]);
  });

  it('maps a refused connection to a transient network error', async () => {
    const port = await closedPort();
    const offline = new TwilioSmsSender({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: FROM,
      apiBaseUrl: `http://127.0.0.1:${port}`,
    });
    expect(await offline.send(sms('+14155550100'))).toMatchObject({
      ok: false,
      error: { kind: 'transient', code: 'network' },
    });
  });

  it('rejects requests the real API would: missing body, too long, no sender, other account', async () => {
    const post = (path: string, fields: Record<string, string>, auth = `${ACCOUNT_SID}:${AUTH_TOKEN}`) =>
      fetch(`${standin.url}${path}`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` },
        body: new URLSearchParams(fields),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { code: number } }));
    const path = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
    expect(await post(path, { To: '+14155550100', From: FROM })).toMatchObject({
      status: 400,
      body: { code: 21602 },
    });
    expect(await post(path, { To: '+14155550100', From: FROM, Body: 'x'.repeat(1601) })).toMatchObject({
      body: { code: 21617 },
    });
    expect(await post(path, { To: '+14155550100', Body: 'x' })).toMatchObject({ body: { code: 21603 } });
    expect(await post(path, { From: FROM, Body: 'x' })).toMatchObject({ body: { code: 21604 } });
    const other = `/2010-04-01/Accounts/AC${'2'.repeat(32)}/Messages.json`;
    expect(await post(other, { To: '+14155550100', From: FROM, Body: 'x' })).toMatchObject({ status: 404 });
  });

  it('answers with a Message resource shaped like the API (fetch by sid too)', async () => {
    const result = await sender.send(sms('+14155550100'));
    if (!result.ok) throw new Error('send failed');
    const response = await fetch(
      `${standin.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${result.value.providerMessageId}.json`,
      {
        headers: { Authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}` },
      },
    );
    const message = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(message).toMatchObject({
      account_sid: ACCOUNT_SID,
      api_version: '2010-04-01',
      direction: 'outbound-api',
      from: FROM,
      to: '+14155550100',
      num_segments: '1',
      num_media: '0',
      status: 'queued',
      error_code: null,
      uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${result.value.providerMessageId}.json`,
    });
    expect(message['date_created']).toMatch(
      /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/,
    );
  });
});

describe('classifyTwilioError', () => {
  it('treats codes it does not know as transient, keeping the code', () => {
    const error = Object.assign(new Error('x'), { code: 'EWHATEVER' });
    expect(classifyTwilioError(error)).toEqual({ kind: 'transient', code: 'unknown', message: 'x' });
    expect(classifyTwilioError(Object.assign(new Error('t'), { code: 'ECONNABORTED' }))).toMatchObject({
      kind: 'transient',
      code: 'timeout',
    });
  });
});

async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
