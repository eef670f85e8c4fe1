// Webhook signatures end to end: the stand-ins post signed status callbacks, inbound SMS and event
// batches to a local endpoint, and our verifiers check them from the raw request, as the app will.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendGridEmailSender } from '../src/messaging/sendgrid-email-sender.ts';
import { TwilioSmsSender } from '../src/messaging/twilio-sms-sender.ts';
import { verifySendGridSignature, verifyTwilioSignature } from '../src/messaging/webhook-signatures.ts';
import {
  startSendGridStandin,
  startTwilioStandin,
  startWebhookRecorder,
  twilioSignature,
  type RecordedWebhook,
  type SendGridStandin,
  type TwilioStandin,
  type WebhookRecorder,
} from '@clinicpay/standins/messaging';

const ACCOUNT_SID = `AC${'3'.repeat(32)}`;
const AUTH_TOKEN = 'signing-token';
const API_KEY = 'SG.signatures';

let twilioStandin: TwilioStandin;
let sendgridStandin: SendGridStandin;
let recorder: WebhookRecorder;

beforeAll(async () => {
  twilioStandin = await startTwilioStandin({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  sendgridStandin = await startSendGridStandin({ apiKey: API_KEY });
  recorder = await startWebhookRecorder();
});
afterAll(async () => {
  await Promise.all([twilioStandin.stop(), sendgridStandin.stop(), recorder.stop()]);
});

function last(): RecordedWebhook {
  const hook = recorder.received().at(-1);
  if (!hook) throw new Error('no webhook received');
  return hook;
}

function formParams(hook: RecordedWebhook): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(hook.rawBody.toString('utf8')));
}

describe('Twilio status callbacks and inbound SMS', () => {
  async function sendSms(to: string, callbackPath: string) {
    const sender = new TwilioSmsSender({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: '+15005550006',
      apiBaseUrl: twilioStandin.url,
    });
    const result = await sender.send({
      to,
      body: 'Pay here',
      statusCallbackUrl: `${recorder.url}${callbackPath}`,
      idempotencyKey: 'k',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value.providerMessageId;
  }

  it('signs a delivered callback that verifies with the right token only', async () => {
    const sid = await sendSms('+14155550101', '/webhooks/twilio/status?org=o1');
    const delivery = await twilioStandin.sendStatusCallback(sid, 'delivered');
    expect(delivery.status).toBe(200);
    const hook = last();
    const params = formParams(hook);
    expect(hook.path).toBe('/webhooks/twilio/status?org=o1');
    expect(params).toEqual({
      AccountSid: ACCOUNT_SID,
      ApiVersion: '2010-04-01',
      From: '+15005550006',
      MessageSid: sid,
      MessageStatus: 'delivered',
      SmsSid: sid,
      SmsStatus: 'delivered',
      To: '+14155550101',
    });
    const url = `${recorder.url}${hook.path}`;
    const signature = hook.headers['x-twilio-signature'];
    expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, url, params, signature })).toBe(true);
    expect(verifyTwilioSignature({ authToken: 'other-token', url, params, signature })).toBe(false);
    expect(
      verifyTwilioSignature({
        authToken: AUTH_TOKEN,
        url,
        params: { ...params, MessageStatus: 'failed' },
        signature,
      }),
    ).toBe(false);
    expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, url: `${url}&x=1`, params, signature })).toBe(
      false,
    );
    expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, url, params, signature: undefined })).toBe(false);
  });

  it('includes ErrorCode on failed and undelivered callbacks', async () => {
    const sid = await sendSms('+14155550102', '/webhooks/twilio/status');
    await twilioStandin.sendStatusCallback(sid, 'failed', 30007);
    const params = formParams(last());
    expect(params).toMatchObject({ MessageStatus: 'failed', ErrorCode: '30007' });
    expect(
      verifyTwilioSignature({
        authToken: AUTH_TOKEN,
        url: `${recorder.url}/webhooks/twilio/status`,
        params,
        signature: last().headers['x-twilio-signature'],
      }),
    ).toBe(true);
    await twilioStandin.sendStatusCallback(sid, 'undelivered');
    expect(formParams(last())['ErrorCode']).toBe('30003');
  });

  it('accepts the URL with or without the port (twilio-node tries both), not another scheme or host', () => {
    const params = { MessageSid: 'SM1', MessageStatus: 'sent' };
    const signedWithout = twilioSignature(AUTH_TOKEN, 'https://app.example.com/webhooks/twilio', params);
    const signedWith = twilioSignature(AUTH_TOKEN, 'https://app.example.com:443/webhooks/twilio', params);
    const signedOther = twilioSignature(AUTH_TOKEN, 'https://app.example.com:8443/webhooks/twilio', params);
    const verify = (url: string, signature: string) =>
      verifyTwilioSignature({ authToken: AUTH_TOKEN, url, params, signature });
    expect(verify('https://app.example.com:443/webhooks/twilio', signedWithout)).toBe(true);
    expect(verify('https://app.example.com/webhooks/twilio', signedWith)).toBe(true);
    expect(verify('https://app.example.com:8443/webhooks/twilio', signedOther)).toBe(true);
    // twilio-node strips whatever port the URL has, so a port-less signature verifies at any port …
    expect(verify('https://app.example.com:8443/webhooks/twilio', signedWithout)).toBe(true);
    // … but it only ever adds the default one.
    expect(verify('https://app.example.com/webhooks/twilio', signedOther)).toBe(false);
    expect(verify('http://app.example.com/webhooks/twilio', signedWithout)).toBe(false);
    expect(verify('https://other.example.com/webhooks/twilio', signedWithout)).toBe(false);
    expect(verify('not a url', signedWithout)).toBe(false);
  });

  it('signs inbound SMS; a STOP reply makes later sends fail with 21610 until START', async () => {
    const patient = '+14155550103';
    const delivery = await twilioStandin.sendInbound(`${recorder.url}/webhooks/twilio/inbound`, {
      from: patient,
      to: '+15005550006',
      body: 'STOP',
    });
    expect(delivery.status).toBe(200);
    const params = formParams(last());
    expect(params).toMatchObject({
      AccountSid: ACCOUNT_SID,
      From: patient,
      To: '+15005550006',
      Body: 'STOP',
      NumMedia: '0',
      NumSegments: '1',
      MessageSid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
    });
    const url = `${recorder.url}/webhooks/twilio/inbound`;
    expect(
      verifyTwilioSignature({
        authToken: AUTH_TOKEN,
        url,
        params,
        signature: last().headers['x-twilio-signature'],
      }),
    ).toBe(true);
    await expect(sendSms(patient, '/s')).rejects.toThrow('21610');
    await twilioStandin.sendInbound(url, { from: patient, to: '+15005550006', body: 'start' });
    await expect(sendSms(patient, '/s')).resolves.toMatch(/^SM/);
  });
});

describe('SendGrid signed event webhook', () => {
  async function sendEmail() {
    const sender = new SendGridEmailSender({
      apiKey: API_KEY,
      from: { email: 'billing@clinicpay.example' },
      apiBaseUrl: sendgridStandin.url,
    });
    const result = await sender.send({
      to: 'pat@example.com',
      from: '',
      subject: 's',
      text: 't',
      html: '<p>h</p>',
      headers: {},
      idempotencyKey: 'k',
      customArgs: { message_id: 'm1', organization_id: 'o1' },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value.providerMessageId;
  }

  it('builds realistic events with custom args at the top level', async () => {
    const messageId = await sendEmail();
    const event = sendgridStandin.eventFor(messageId, 'bounce');
    expect(event).toMatchObject({
      email: 'pat@example.com',
      event: 'bounce',
      type: 'bounce',
      message_id: 'm1',
      organization_id: 'o1',
      category: ['clinicpay'],
      'smtp-id': `<${messageId}@geopod-ismtpd-3>`,
      sg_event_id: expect.any(String),
      timestamp: expect.any(Number),
    });
    expect(String(event['sg_message_id']).startsWith(`${messageId}.filter`)).toBe(true);
    expect(() => sendgridStandin.eventFor('unknown', 'delivered')).toThrow();
  });

  it('posts a batch that verifies with the stand-in key, and fails when tampered, stale or mis-keyed', async () => {
    const messageId = await sendEmail();
    const events = [
      sendgridStandin.eventFor(messageId, 'processed'),
      sendgridStandin.eventFor(messageId, 'delivered'),
    ];
    expect((await sendgridStandin.postEvents(`${recorder.url}/webhooks/sendgrid`, events)).status).toBe(200);
    const hook = last();
    expect(hook.headers['content-type']).toBe('application/json');
    expect(JSON.parse(hook.rawBody.toString('utf8'))).toEqual(events);
    const input = {
      publicKeyBase64: sendgridStandin.publicKeyBase64,
      payload: hook.rawBody,
      signature: hook.headers['x-twilio-email-event-webhook-signature'],
      timestamp: hook.headers['x-twilio-email-event-webhook-timestamp'],
    };
    expect(input.publicKeyBase64.startsWith('MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE')).toBe(true);
    expect(verifySendGridSignature(input)).toBe(true);

    const tampered = Buffer.from(hook.rawBody.toString('utf8').replace('delivered', 'bounce'));
    expect(verifySendGridSignature({ ...input, payload: tampered })).toBe(false);
    // Re-serialised JSON (no trailing CRLF) is not the signed payload.
    expect(verifySendGridSignature({ ...input, payload: Buffer.from(JSON.stringify(events)) })).toBe(false);
    expect(verifySendGridSignature({ ...input, timestamp: String(Number(input.timestamp) + 1) })).toBe(false);
    expect(verifySendGridSignature({ ...input, signature: undefined })).toBe(false);
    expect(verifySendGridSignature({ ...input, signature: 'bm90IGEgc2lnbmF0dXJl' })).toBe(false);

    const other = await startSendGridStandin({ apiKey: API_KEY });
    await other.stop();
    expect(verifySendGridSignature({ ...input, publicKeyBase64: other.publicKeyBase64 })).toBe(false);
    expect(verifySendGridSignature({ ...input, publicKeyBase64: 'garbage' })).toBe(false);
  });

  it('rejects timestamps outside the tolerance (replays), default 600 s', () => {
    const sentAt = 1_760_000_000;
    const batch = sendgridStandin.signEvents([{ event: 'delivered' }], sentAt);
    const input = { publicKeyBase64: sendgridStandin.publicKeyBase64, ...batch };
    const at = (seconds: number) => new Date(seconds * 1000);
    expect(verifySendGridSignature({ ...input, now: at(sentAt + 600) })).toBe(true);
    expect(verifySendGridSignature({ ...input, now: at(sentAt + 601) })).toBe(false);
    expect(verifySendGridSignature({ ...input, now: at(sentAt - 601) })).toBe(false);
    expect(verifySendGridSignature({ ...input, now: at(sentAt + 3000), toleranceSeconds: 3600 })).toBe(true);
    expect(verifySendGridSignature({ ...input })).toBe(false);
  });
});
