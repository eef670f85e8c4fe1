// Sending links end to end at the use-case level: real PostgreSQL, the Twilio and SendGrid SDKs
// against local stand-ins (and the capture adapters), the send job run the way the worker runs it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createCheckoutLink,
  handleInboundSms,
  sendMessage,
  type CreateCheckoutLinkInput,
  type Message,
} from '@clinicpay/domain';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import {
  startSendGridStandin,
  startTwilioStandin,
  type SendGridStandin,
  type TwilioStandin,
} from '@clinicpay/standins/messaging';

const ACCOUNT = 'AC' + '1'.repeat(32);
const TOKEN = 'twilio-test-token';
let twilio: TwilioStandin;
let sendgrid: SendGridStandin;
let c: TestContainer; // Twilio + SendGrid stand-ins
let capture: TestContainer; // no providers: the dev outbox
let demo: DemoCredentials;
const actor = { type: 'system', name: 'test' } as const;
// 15:00 UTC = 10:00 in New York: inside SMS sending hours.
const DAYTIME = new Date('2026-03-16T15:00:00Z');

async function link(container: TestContainer, overrides: Partial<CreateCheckoutLinkInput> = {}) {
  const result = await createCheckoutLink(
    {
      organizationId: demo.organizationId,
      actor,
      createdByUserId: null,
      requestId: null,
      patientId: demo.patientIds[0]!, // Jordan Rivera: email and phone
      amount: '150.00',
      description: 'Biopsy follow-up',
      sendVia: ['email', 'sms'],
      customMessage: 'Thanks for visiting <b>today</b>',
      ...overrides,
    },
    container.paymentDeps(),
  );
  if (!result.ok) throw result.error;
  return result.value;
}

async function messagesOf(container: TestContainer, linkId: string): Promise<Message[]> {
  return container.messagingDeps().repos.messages.listByLink(demo.organizationId, linkId);
}

async function runQueued(container: TestContainer, linkId: string) {
  const outcomes: Record<string, string> = {};
  for (let round = 0; round < 3; round += 1) {
    for (const m of await messagesOf(container, linkId)) {
      if (m.status === 'queued')
        outcomes[`${m.channel}:${m.reason}`] = await sendMessage(m.id, container.messagingDeps());
    }
  }
  return outcomes;
}

beforeAll(async () => {
  twilio = await startTwilioStandin({ accountSid: ACCOUNT, authToken: TOKEN });
  sendgrid = await startSendGridStandin({ apiKey: 'SG.test-key' });
  c = await createTestContainer({
    now: DAYTIME,
    config: {
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM_NUMBER: '+15005550006',
      TWILIO_API_BASE_URL: twilio.url,
      SENDGRID_API_KEY: 'SG.test-key',
      SENDGRID_FROM_EMAIL: 'billing@riverside.example',
      SENDGRID_API_BASE_URL: sendgrid.url,
      SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.publicKeyBase64,
    },
  });
  demo = await seedDemoData(c, undefined);
  capture = await createTestContainer({ now: DAYTIME });
  await seedDemoData(capture, undefined);
});
afterAll(async () => {
  await c.dropDatabase();
  await capture.dropDatabase();
  await twilio.stop();
  await sendgrid.stop();
});
beforeEach(() => {
  twilio.reset();
  sendgrid.reset();
  c.clock.set(DAYTIME);
  capture.clock.set(DAYTIME);
});

describe('sending on creation', () => {
  it('sends by email and SMS with the link, the clinic and the amount — no description, custom message escaped', async () => {
    const created = await link(c);
    expect(created.sentTo).toEqual({ email: 'jordan.rivera@example.com', phone: '+12025550111' });
    expect(await runQueued(c, created.link.id)).toEqual({ 'email:initial': 'sent', 'sms:initial': 'sent' });

    const [sms] = twilio.requests();
    expect(sms?.to).toBe('+12025550111');
    expect(sms?.body).toContain('Riverside Family Clinic');
    expect(sms?.body).toContain('$150.00');
    expect(sms?.body).toContain(`${created.shortUrl}?via=s`);
    expect(sms?.body).not.toContain('Biopsy');
    const [mail] = sendgrid.requests();
    const body = JSON.stringify(mail?.body);
    expect(body).toContain(`${created.shortUrl}?via=e`);
    expect(body).not.toContain('Biopsy');
    expect(body).toContain('&lt;b&gt;today&lt;/b&gt;');
    expect(JSON.stringify(mail?.headers)).toMatch(/List-Unsubscribe/i);

    const fresh = await c.paymentDeps().repos.links.findById(demo.organizationId, created.link.id);
    expect(fresh).toMatchObject({ sentViaEmail: true, sentViaSms: true, recipientPhone: '+12025550111' });
    const messages = await messagesOf(c, created.link.id);
    expect(messages.map((m) => m.status)).toEqual(['sent', 'sent']);
    expect(messages.find((m) => m.channel === 'sms')?.providerMessageId).toMatch(/^SM/);
  });

  it('captures to the dev outbox when no provider is configured', async () => {
    const created = await link(capture);
    await runQueued(capture, created.link.id);
    const outbox = await capture.devOutbox!.sent(demo.organizationId, 10);
    expect(outbox.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    expect(outbox.find((m) => m.channel === 'email')?.html).toContain(created.shortUrl);
  });

  it('retries after two 503s, then sends once with one provider id', async () => {
    const created = await link(c, { sendVia: ['sms'] });
    twilio.failNext(2, { status: 503 });
    const [message] = await messagesOf(c, created.link.id);
    expect(await sendMessage(message!.id, c.messagingDeps())).toBe('retrying');
    c.clock.advance(60 * 60_000);
    expect(await sendMessage(message!.id, c.messagingDeps())).toBe('retrying');
    c.clock.advance(60 * 60_000);
    expect(await sendMessage(message!.id, c.messagingDeps())).toBe('sent');
    expect(await sendMessage(message!.id, c.messagingDeps())).toBe('skipped');
    expect(twilio.requests()).toHaveLength(3);
    expect(twilio.messages()).toHaveLength(1);
    const [final] = await messagesOf(c, created.link.id);
    expect(final).toMatchObject({
      status: 'sent',
      attempts: 3,
      providerMessageId: twilio.messages()[0]!.sid,
    });
  });

  it('fails an invalid number at once (no retry) and falls back to email, recording why', async () => {
    const patient = await c.paymentDeps().repos.patients.findById(demo.organizationId, demo.patientIds[1]!);
    patient!.phone = '+15005550001';
    await c.paymentDeps().repos.patients.save(patient!);
    const created = await link(c, { patientId: patient!.id, sendVia: ['sms'] });
    expect(await runQueued(c, created.link.id)).toEqual({
      'sms:initial': 'failed',
      'email:fallback': 'sent',
    });
    expect(twilio.requests()).toHaveLength(1);
    const messages = await messagesOf(c, created.link.id);
    expect(messages.find((m) => m.channel === 'sms')).toMatchObject({ status: 'failed', errorCode: '21211' });
    expect(messages.find((m) => m.channel === 'email')?.fallbackReason).toContain('not a valid phone number');
  });
});

describe('consent', () => {
  it('after STOP, an SMS is refused before reaching the provider, and START opts back in', async () => {
    const patientId = demo.patientIds[3]!; // Elena Novak: phone only
    const deps = c.messagingDeps();
    expect((await handleInboundSms({ from: '+12025550114', body: ' stop ' }, deps)).action).toBe('opted_out');
    const created = await link(c, { patientId, sendVia: ['sms'] });
    const [message] = await messagesOf(c, created.link.id);
    expect(message).toMatchObject({
      status: 'refused',
      refusedReason: 'the patient opted out of text messages (STOP)',
    });
    await runQueued(c, created.link.id);
    expect(twilio.requests()).toHaveLength(0);
    expect((await handleInboundSms({ from: '+12025550114', body: 'START' }, deps)).action).toBe('opted_in');
    const help = await handleInboundSms({ from: '+12025550114', body: 'help' }, deps);
    expect(help.reply).toContain('Riverside Family Clinic');
  });

  it('schedules an SMS due in quiet hours for 08:00 local time', async () => {
    c.clock.set(new Date('2026-03-17T02:30:00Z')); // 22:30 in New York
    const created = await link(c, { patientId: demo.patientIds[6]!, sendVia: ['sms'] });
    const [message] = await messagesOf(c, created.link.id);
    expect(await sendMessage(message!.id, c.messagingDeps())).toBe('scheduled');
    const [scheduled] = await messagesOf(c, created.link.id);
    expect(scheduled?.scheduledFor?.toISOString()).toBe('2026-03-17T12:00:00.000Z'); // 08:00 EDT
    expect(twilio.requests()).toHaveLength(0);
  });

  it('refuses a message past the weekly contact cap when it is queued, and again when it is sent', async () => {
    const patientId = demo.patientIds[11]!; // Noah Williams
    const created = [];
    for (let i = 0; i < 3; i += 1) created.push(await link(c, { patientId, sendVia: ['email'] }));
    // The clinic lowers its cap while those three wait: the worker still counts at send time.
    const setCap = (cap: number) =>
      c
        .scope()
        .em.execute(`update organizations set settings = settings || ?::jsonb where id = ?`, [
          JSON.stringify({ contactCapPerWeek: cap }),
          demo.organizationId,
        ]);
    await setCap(2);
    try {
      const outcomes = [];
      for (const { link: l } of created) outcomes.push(...Object.values(await runQueued(c, l.id)));
      expect(outcomes).toEqual(['sent', 'sent', 'refused']);
      const [third] = await messagesOf(c, created[2]!.link.id);
      expect(third?.refusedReason).toBe('contact limit reached (2 messages a week)');
    } finally {
      await setCap(3);
    }
  });
});

describe('what the sender is told', () => {
  it('a message past the weekly cap is refused on the spot, with the reason, and never sent', async () => {
    const patientId = demo.patientIds[7]!; // Luis Ortega: email only
    // Three still waiting to go count as much as three sent: the worker will send those first.
    for (let i = 0; i < 3; i += 1) await link(c, { patientId, sendVia: ['email'] });
    const fourth = await link(c, { patientId, sendVia: ['email'] });
    expect(fourth.messages.map((m) => [m.channel, m.status, m.refusedReason])).toEqual([
      ['email', 'refused', 'contact limit reached (3 messages a week)'],
    ]);
    expect(fourth.sentTo).toEqual({ email: null, phone: null });
    await runQueued(c, fourth.link.id);
    expect(sendgrid.requests()).toHaveLength(0);
  });

  it('a text due in quiet hours is scheduled on the spot for 08:00 in the clinic’s time zone', async () => {
    c.clock.set(new Date('2026-03-17T02:30:00Z')); // 22:30 in New York
    const created = await link(c, { patientId: demo.patientIds[9]!, sendVia: ['sms'] }); // Omar Farouk
    expect(created.messages.map((m) => [m.channel, m.status, m.scheduledFor?.toISOString()])).toEqual([
      ['sms', 'scheduled', '2026-03-17T12:00:00.000Z'], // 08:00 EDT
    ]);
    expect(created.sentTo).toEqual({ email: null, phone: '+12025550120' });
    const [message] = await messagesOf(c, created.link.id);
    expect(await sendMessage(message!.id, c.messagingDeps())).toBe('scheduled');
    expect(twilio.requests()).toHaveLength(0);
    c.clock.set(new Date('2026-03-17T12:00:00Z'));
    expect(await sendMessage(message!.id, c.messagingDeps())).toBe('sent');
    expect(twilio.requests()).toHaveLength(1);
  });
});

describe('delivery reports', () => {
  it('a bounce marks the address unusable; later emails are refused and fall back to SMS', async () => {
    const patientId = demo.patientIds[8]!; // Hannah Schultz
    const created = await link(c, { patientId, sendVia: ['email'] });
    await runQueued(c, created.link.id);
    const [email] = await messagesOf(c, created.link.id);
    const { applyDeliveryReport } = await import('@clinicpay/domain');
    await applyDeliveryReport(
      {
        provider: 'sendgrid',
        providerMessageId: email!.providerMessageId!,
        messageId: email!.id,
        status: 'failed',
        errorCode: 'bounce',
        errorMessage: '550 no such user',
        markUnusable: true,
      },
      c.messagingDeps(),
    );
    const patient = await c.paymentDeps().repos.patients.findById(demo.organizationId, patientId);
    expect(patient?.emailUnusableAt).not.toBeNull();
    const again = await link(c, { patientId, sendVia: ['email'] });
    const messages = await messagesOf(c, again.link.id);
    expect(messages.map((m) => [m.channel, m.status]).sort()).toEqual([
      ['email', 'refused'],
      ['sms', 'queued'],
    ]);
  });
});
