// SendGridEmailSender with the real @sendgrid/mail against the local SendGrid stand-in: what arrives
// on the wire, the X-Message-Id, and how SendGrid's answers map to permanent/transient SendErrors.
import type { EmailMessage } from '@clinicpay/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifySendGridError } from '../src/messaging/classify-sendgrid-error.ts';
import { SendGridEmailSender, senderAddress } from '../src/messaging/sendgrid-email-sender.ts';
import { startSendGridStandin, type SendGridStandin } from '@clinicpay/standins/messaging';

const API_KEY = 'SG.test-key.standin';
const FROM = { email: 'billing@clinicpay.example', name: 'ClinicPay' };

let standin: SendGridStandin;
let sender: SendGridEmailSender;

beforeAll(async () => {
  standin = await startSendGridStandin({ apiKey: API_KEY, maxBodyBytes: 64 * 1024 });
  sender = new SendGridEmailSender({ apiKey: API_KEY, from: FROM, apiBaseUrl: standin.url });
});
afterAll(async () => {
  await standin.stop();
});
beforeEach(() => standin.reset());

function email(overrides: Partial<EmailMessage> = {}): EmailMessage {
  return {
    to: 'pat@example.com',
    from: 'Smile Dental',
    subject: 'Payment request from Smile Dental',
    text: 'Pay here: https://pay.example.com/l/abc',
    html: '<p>Pay here</p>',
    headers: {
      'List-Unsubscribe': '<https://app.example.com/u/m1>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    idempotencyKey: 'message:m1',
    customArgs: { message_id: 'm1', organization_id: 'o1' },
    ...overrides,
  };
}

describe('SendGridEmailSender → stand-in', () => {
  it('sends the mail and returns the X-Message-Id', async () => {
    const result = await sender.send(email());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [request] = standin.requests();
    expect(request?.messageId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(result.value.providerMessageId).toBe(request?.messageId);
    expect(request).toMatchObject({ method: 'POST', path: '/v3/mail/send', authOk: true, status: 202 });
    expect(request?.headers['authorization']).toBe(`Bearer ${API_KEY}`);
    expect(request?.body).toEqual({
      personalizations: [{ to: [{ email: 'pat@example.com' }] }],
      from: { email: FROM.email, name: 'Smile Dental' },
      subject: 'Payment request from Smile Dental',
      content: [
        { type: 'text/plain', value: 'Pay here: https://pay.example.com/l/abc' },
        { type: 'text/html', value: '<p>Pay here</p>' },
      ],
      headers: {
        'List-Unsubscribe': '<https://app.example.com/u/m1>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      custom_args: { message_id: 'm1', organization_id: 'o1' },
      categories: ['clinicpay'],
    });
  });

  it('uses its own MailService: the global @sendgrid/mail singleton is left alone', async () => {
    const { default: singleton } = await import('@sendgrid/mail');
    const client: unknown = Reflect.get(singleton, 'client');
    const defaults: unknown =
      typeof client === 'object' && client ? Reflect.get(client, 'defaultRequest') : null;
    expect(defaults).toMatchObject({ baseUrl: 'https://api.sendgrid.com/' });
  });

  it('maps 400 (with SendGrid error messages), 401 and 413 to permanent errors', async () => {
    expect(await sender.send(email({ to: 'not-an-address' }))).toEqual({
      ok: false,
      error: {
        kind: 'permanent',
        code: '400',
        message: 'personalizations.0.to.0.email: Does not contain a valid address.',
      },
    });
    const wrongKey = new SendGridEmailSender({ apiKey: 'SG.wrong', from: FROM, apiBaseUrl: standin.url });
    expect(await wrongKey.send(email())).toMatchObject({
      ok: false,
      error: {
        kind: 'permanent',
        code: '401',
        message: expect.stringContaining('authorization grant is invalid'),
      },
    });
    expect(await sender.send(email({ html: `<p>${'x'.repeat(70 * 1024)}</p>` }))).toEqual({
      ok: false,
      error: { kind: 'permanent', code: '413', message: 'content too large' },
    });
    standin.failNext(1, { status: 403, message: 'access forbidden' });
    expect(await sender.send(email())).toMatchObject({
      ok: false,
      error: { kind: 'permanent', code: '403' },
    });
  });

  it('maps 429, 500 and 503 to transient errors, then succeeds', async () => {
    standin.failNext(1, { status: 429 });
    standin.failNext(1, { status: 500 });
    standin.failNext(1, { status: 503 });
    for (const code of ['429', '500', '503']) {
      expect(await sender.send(email())).toMatchObject({ ok: false, error: { kind: 'transient', code } });
    }
    expect((await sender.send(email())).ok).toBe(true);
    expect(standin.requests().map((r) => r.status)).toEqual([429, 500, 503, 202]);
  });

  it('maps a refused connection to a transient network error', async () => {
    const stopped = await startSendGridStandin({ apiKey: API_KEY });
    await stopped.stop();
    const offline = new SendGridEmailSender({ apiKey: API_KEY, from: FROM, apiBaseUrl: stopped.url });
    expect(await offline.send(email())).toMatchObject({
      ok: false,
      error: { kind: 'transient', code: 'network' },
    });
  });
});

describe('the stand-in validates like Mail Send', () => {
  const post = (body: unknown) =>
    fetch(`${standin.url}/v3/mail/send`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }).then(async (r) => {
      const text = await r.text();
      // 202 has an empty body.
      const parsed = (text === '' ? { errors: [] } : JSON.parse(text)) as {
        errors: Array<{ field: string | null }>;
      };
      return { status: r.status, body: parsed };
    });

  it('names the offending fields', async () => {
    const fields = async (body: unknown) => (await post(body)).body.errors.map((e) => e.field);
    expect(await fields({})).toEqual(['personalizations', 'from', 'subject', 'content']);
    const valid = {
      personalizations: [{ to: [{ email: 'a@example.com' }] }],
      from: { email: 'b@example.com' },
      subject: 's',
      content: [{ type: 'text/plain', value: 'v' }],
    };
    expect((await post(valid)).status).toBe(202);
    expect(await fields({ ...valid, from: { email: 'nope' } })).toEqual(['from.email']);
    expect(await fields({ ...valid, content: [{ type: 'text/plain', value: '' }] })).toEqual([
      'content.0.value',
    ]);
    expect(await fields({ ...valid, subject: undefined, template_id: 'd-1', content: undefined })).toEqual(
      [],
    );
    expect(await fields({ ...valid, custom_args: { n: 1 } })).toEqual(['custom_args']);
    expect(await fields({ ...valid, headers: { From: 'x@example.com' } })).toEqual(['headers']);
    expect((await post('{not json')).status).toBe(400);
  });
});

describe('sender address and error classification', () => {
  it('reads the port `from` as display name, address, or "Name <address>"', () => {
    expect(senderAddress('', FROM)).toEqual(FROM);
    expect(senderAddress('Smile Dental', FROM)).toEqual({ email: FROM.email, name: 'Smile Dental' });
    expect(senderAddress('billing@clinicpay.example', FROM)).toEqual(FROM);
    expect(senderAddress('other@clinicpay.example', FROM)).toEqual({ email: 'other@clinicpay.example' });
    expect(senderAddress('"Smile, Dental" <smile@clinicpay.example>', FROM)).toEqual({
      email: 'smile@clinicpay.example',
      name: 'Smile, Dental',
    });
  });

  it('classifies what @sendgrid/client throws', () => {
    const responseError = (code: number, body: unknown) =>
      Object.assign(new Error('Bad Request'), { code, response: { headers: {}, body } });
    expect(
      classifySendGridError(responseError(404, { errors: [{ message: 'not found', field: null }] })),
    ).toEqual({
      kind: 'permanent',
      code: '404',
      message: 'not found',
    });
    expect(classifySendGridError(responseError(502, 'oops'))).toMatchObject({
      kind: 'transient',
      code: '502',
    });
    expect(
      classifySendGridError(Object.assign(new Error('timeout'), { code: 'ECONNABORTED' })),
    ).toMatchObject({
      kind: 'transient',
      code: 'timeout',
    });
    expect(classifySendGridError('weird')).toEqual({ kind: 'transient', code: 'unknown', message: 'weird' });
  });
});
