// Twilio and SendGrid webhooks over real HTTP (signed by the stand-ins), email unsubscribe, and the
// dev outbox page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerBuild } from '@remix-run/node';
import { sendMessage, type Message } from '@clinicpay/domain';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import {
  startSendGridStandin,
  startTwilioStandin,
  type SendGridStandin,
  type TwilioStandin,
} from '@clinicpay/standins/messaging';
import { createApp } from '../server/app.ts';

const ACCOUNT = 'AC' + '2'.repeat(32);
const TOKEN = 'twilio-webhook-token';
let c: TestContainer;
let demo: DemoCredentials;
let server: Server;
let base: string;
let twilio: TwilioStandin;
let sendgrid: SendGridStandin;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  twilio = await startTwilioStandin({ accountSid: ACCOUNT, authToken: TOKEN });
  sendgrid = await startSendGridStandin({ apiKey: 'SG.key' });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  c = await createTestContainer({
    now: new Date('2026-03-16T15:00:00Z'),
    config: {
      PUBLIC_BASE_URL: base,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM_NUMBER: '+15005550006',
      TWILIO_API_BASE_URL: twilio.url,
      SENDGRID_API_KEY: 'SG.key',
      SENDGRID_FROM_EMAIL: 'billing@riverside.example',
      SENDGRID_API_BASE_URL: sendgrid.url,
      SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.publicKeyBase64,
    },
  });
  demo = await seedDemoData(c, undefined);
  const build = (await import(path.resolve(import.meta.dirname, '../build/server/index.js'))) as ServerBuild;
  server = createApp(c, build).listen(port, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
});
afterAll(async () => {
  if (server) await new Promise((r) => server.close(r));
  await c.dropDatabase();
  await twilio.stop();
  await sendgrid.stop();
});

async function sentLink(channels: Array<'email' | 'sms'>, patientIndex = 0): Promise<Message[]> {
  const res = await fetch(`${base}/api/billing/checkout-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ patientId: demo.patientIds[patientIndex], amount: 20, sendVia: channels }),
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  for (const m of await c.messagingDeps().repos.messages.listByLink(demo.organizationId, id))
    await sendMessage(m.id, c.messagingDeps());
  return c.messagingDeps().repos.messages.listByLink(demo.organizationId, id);
}

describe('POST /webhooks/twilio/status', () => {
  it('moves a message to delivered on a signed callback, and refuses a forged one', async () => {
    const [sms] = await sentLink(['sms']);
    const delivery = await twilio.sendStatusCallback(sms!.providerMessageId!, 'delivered');
    expect(delivery.status).toBe(204);
    const [after] = await c.messagingDeps().repos.messages.listByLink(demo.organizationId, sms!.linkId!);
    expect(after?.status).toBe('delivered');

    const forged = await fetch(`${base}/webhooks/twilio/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bm90LXZhbGlk' },
      body: new URLSearchParams({ MessageSid: sms!.providerMessageId!, MessageStatus: 'failed' }),
    });
    expect(forged.status).toBe(403);
    const [still] = await c.messagingDeps().repos.messages.listByLink(demo.organizationId, sms!.linkId!);
    expect(still?.status).toBe('delivered');
  });
});

describe('POST /webhooks/twilio/inbound', () => {
  it('STOP opts the patient out at once; HELP answers with the clinic', async () => {
    const stop = await twilio.sendInbound(`${base}/webhooks/twilio/inbound`, {
      from: '+12025550117',
      to: '+15005550006',
      body: 'STOP',
    });
    expect(stop.status).toBe(200);
    const patient = await c.paymentDeps().repos.patients.findById(demo.organizationId, demo.patientIds[6]!);
    expect(patient?.smsOptedOutAt).not.toBeNull();
    const help = await twilio.sendInbound(`${base}/webhooks/twilio/inbound`, {
      from: '+12025550117',
      to: '+15005550006',
      body: 'HELP',
    });
    expect(help.body).toContain('<Message>Riverside Family Clinic');
  });
});

describe('POST /webhooks/sendgrid/events', () => {
  it('applies signed delivered and bounce events; refuses unsigned ones', async () => {
    const [email] = await sentLink(['email'], 8);
    const messageId = sendgrid.requests().at(-1)!.messageId!;
    const res = await sendgrid.postEvents(`${base}/webhooks/sendgrid/events`, [
      sendgrid.eventFor(messageId, 'delivered', { message_id: email!.id }),
      sendgrid.eventFor(messageId, 'bounce', { message_id: email!.id, reason: '550 5.1.1 unknown user' }),
    ]);
    expect(res.status).toBe(204);
    const [after] = await c.messagingDeps().repos.messages.listByLink(demo.organizationId, email!.linkId!);
    expect(after?.status).toBe('delivered');
    // The link keeps the delivery for analytics (the channel funnel's "delivered").
    const link = await c.paymentDeps().repos.links.findById(demo.organizationId, email!.linkId!);
    expect(link?.emailDeliveredAt).not.toBeNull();
    expect(link?.smsDeliveredAt).toBeNull();
    const patient = await c.paymentDeps().repos.patients.findById(demo.organizationId, demo.patientIds[8]!);
    expect(patient?.emailUnusableAt).not.toBeNull(); // the bounce still marks the address
    const unsigned = await fetch(`${base}/webhooks/sendgrid/events`, { method: 'POST', body: '[]' });
    expect(unsigned.status).toBe(403);
  });
});

describe('email unsubscribe', () => {
  it('GET only shows a button; the one-click POST unsubscribes', async () => {
    const [email] = await sentLink(['email'], 11);
    const page = await fetch(`${base}/unsubscribe/${email!.id}`);
    expect(await page.text()).toContain('Unsubscribe from payment emails?');
    let patient = await c.paymentDeps().repos.patients.findById(demo.organizationId, demo.patientIds[11]!);
    expect(patient?.emailOptedOutAt).toBeNull();
    const post = await fetch(`${base}/unsubscribe/${email!.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBe(200);
    patient = await c.paymentDeps().repos.patients.findById(demo.organizationId, demo.patientIds[11]!);
    expect(patient?.emailOptedOutAt).not.toBeNull();
  });
});

describe('/dev/outbox', () => {
  it('does not exist when real providers are configured', async () => {
    expect((await fetch(`${base}/dev/outbox`)).status).toBe(404);
  });
});
