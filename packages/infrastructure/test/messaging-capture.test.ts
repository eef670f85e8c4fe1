// The capture senders: what they store, what they return, and the failures they simulate.
import { describe, expect, it } from 'vitest';
import {
  CaptureEmailSender,
  CaptureSmsSender,
  type CapturedMessage,
  type CapturedMessageStore,
} from '../src/messaging/capture-senders.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NOW = new Date('2026-03-01T12:00:00Z');

function memoryStore(): CapturedMessageStore & { saved: CapturedMessage[] } {
  const saved: CapturedMessage[] = [];
  return {
    saved,
    async save(message) {
      saved.push(message);
    },
  };
}

describe('CaptureSmsSender', () => {
  it('stores the SMS and returns capture_<id> and the segment count', async () => {
    const store = memoryStore();
    const sender = new CaptureSmsSender({ store, now: () => NOW });
    const result = await sender.send({
      to: '+14155550100',
      body: `Pay 👍 ${'x'.repeat(70)}`,
      statusCallbackUrl: 'https://app.example.com/webhooks/twilio/status',
      idempotencyKey: 'message:1',
    });
    expect(store.saved).toHaveLength(1);
    const [saved] = store.saved;
    expect(saved).toEqual({
      id: expect.stringMatching(UUID),
      channel: 'sms',
      to: '+14155550100',
      subject: null,
      body: `Pay 👍 ${'x'.repeat(70)}`,
      html: null,
      headers: {},
      metadata: {
        idempotency_key: 'message:1',
        status_callback_url: 'https://app.example.com/webhooks/twilio/status',
      },
      createdAt: NOW,
    });
    expect(result).toEqual({ ok: true, value: { providerMessageId: `capture_${saved?.id}`, segments: 2 } });
  });

  it('answers a retried send (same idempotency key) with the same id, so it can be stored once', async () => {
    const store = memoryStore();
    const sender = new CaptureSmsSender({ store });
    const first = await sender.send({ to: '+14155550100', body: 'x', idempotencyKey: 'message:1' });
    const retry = await sender.send({ to: '+14155550100', body: 'x', idempotencyKey: 'message:1' });
    const other = await sender.send({ to: '+14155550100', body: 'x', idempotencyKey: 'message:2' });
    expect(retry).toEqual(first);
    expect(other).not.toEqual(first);
    expect(store.saved.map((m) => m.id)).toEqual([
      store.saved[0]?.id,
      store.saved[0]?.id,
      store.saved[2]?.id,
    ]);
    const email = await new CaptureEmailSender({ store }).send({
      to: 'a@example.com',
      from: '',
      subject: 's',
      text: 't',
      html: 'h',
      headers: {},
      idempotencyKey: 'message:1',
      customArgs: {},
    });
    // Same key, other channel: another message.
    expect(email.ok && email.value.providerMessageId).not.toBe(first.ok && first.value.providerMessageId);
  });

  it('simulates an invalid number (21211) and a STOP-ed number (21610) without storing', async () => {
    const store = memoryStore();
    const sender = new CaptureSmsSender({ store });
    const send = (to: string) => sender.send({ to, body: 'x', idempotencyKey: 'k' });
    expect(await send('+15005550001')).toMatchObject({
      ok: false,
      error: { kind: 'permanent', code: '21211' },
    });
    expect(await send('+15005550004')).toMatchObject({
      ok: false,
      error: { kind: 'permanent', code: '21610' },
    });
    expect(store.saved).toEqual([]);
  });

  it('reports a failing store as a transient error', async () => {
    const sender = new CaptureSmsSender({
      store: {
        save: async () => {
          throw new Error('database is down');
        },
      },
    });
    expect(await sender.send({ to: '+14155550100', body: 'x', idempotencyKey: 'k' })).toEqual({
      ok: false,
      error: { kind: 'transient', code: 'capture_store_failed', message: 'database is down' },
    });
  });
});

describe('CaptureEmailSender', () => {
  const email = {
    to: 'pat@example.com',
    from: 'Smile Dental',
    subject: 'Payment request',
    text: 'Pay here',
    html: '<p>Pay here</p>',
    headers: { 'List-Unsubscribe': '<https://app.example.com/u/1>' },
    idempotencyKey: 'message:2',
    customArgs: { message_id: 'm2', organization_id: 'o1' },
  };

  it('stores subject, text, html, headers and custom args', async () => {
    const store = memoryStore();
    const result = await new CaptureEmailSender({ store, now: () => NOW }).send(email);
    const [saved] = store.saved;
    expect(saved).toEqual({
      id: expect.stringMatching(UUID),
      channel: 'email',
      to: 'pat@example.com',
      subject: 'Payment request',
      body: 'Pay here',
      html: '<p>Pay here</p>',
      headers: { 'List-Unsubscribe': '<https://app.example.com/u/1>' },
      metadata: { message_id: 'm2', organization_id: 'o1', idempotency_key: 'message:2' },
      createdAt: NOW,
    });
    expect(result).toEqual({ ok: true, value: { providerMessageId: `capture_${saved?.id}` } });
  });

  it('simulates a bounce for @bounce.invalid addresses', async () => {
    const store = memoryStore();
    const result = await new CaptureEmailSender({ store }).send({ ...email, to: 'Someone@Bounce.Invalid' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'permanent', code: 'invalid_address' } });
    expect(store.saved).toEqual([]);
  });
});
