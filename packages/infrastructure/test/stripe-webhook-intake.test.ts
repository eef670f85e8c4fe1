// The Stripe webhook intake on its own: a correctly signed body that is not an event is refused with a
// reason naming what is wrong, and nothing is stored or enqueued; a signature dated too far in the
// future is refused like one too old.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptStripeWebhook,
  createTestContainer,
  signStripeEvent,
  type TestContainer,
} from '@clinicpay/standins/testing';

let c: TestContainer;

beforeAll(async () => {
  c = await createTestContainer({ now: new Date() });
});
afterAll(async () => {
  await c.dropDatabase();
});

const signed = (payload: string, timestamp?: number) => signStripeEvent(c, payload, timestamp);

async function stored(): Promise<{ events: number; jobs: number }> {
  const em = c.scope().em;
  const [events] = await em.execute<Array<{ n: number }>>(`select count(*)::int as n from webhook_events`);
  const [jobs] = await em.execute<Array<{ n: number }>>(
    `select count(*)::int as n from graphile_worker._private_jobs j
       join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'process-stripe-event'`,
  );
  return { events: events!.n, jobs: jobs!.n };
}

const event = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'evt_intake_ok',
    object: 'event',
    type: 'checkout.session.expired',
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: 'cs_test_1', object: 'checkout.session' } },
    ...overrides,
  });

describe('Stripe webhook intake', () => {
  it.each([
    ['an array', '[1,2,3]', 'body'],
    ['null', 'null', 'body'],
    ['a string', '"evt_1"', 'body'],
    ['a number', '42', 'body'],
    ['an empty object', '{}', 'id'],
    ['an event without an id', event({ id: undefined }), 'id'],
    ['an event with a numeric id', event({ id: 7 }), 'id'],
    ['an event with an empty id', event({ id: '' }), 'id'],
    ['an event without a type', event({ type: undefined }), 'type'],
    ['an event without data', event({ data: undefined }), 'data'],
    ['an event with data but no object', event({ data: {} }), 'data.object'],
    ['an event whose data.object is an array', event({ data: { object: [1] } }), 'data.object'],
    ['an event whose created is not a number', event({ created: 'yesterday' }), 'created'],
    [
      'an event with a NUL character (which PostgreSQL cannot store)',
      event({ data: { object: { id: 'cs_test_1', metadata: { note: 'a\u0000b' } } } }),
      'data.object.metadata.note',
    ],
  ])(
    'refuses a signed body that is %s, naming the field, and stores nothing',
    async (_label, body, field) => {
      const before = await stored();
      const result = await acceptStripeWebhook(c, Buffer.from(body), signed(body));
      expect(result).toMatchObject({ status: 'rejected', problem: 'malformed_event' });
      if (result.status !== 'rejected') return;
      expect(result.reason).toContain(field);
      expect(await stored()).toEqual(before);
    },
  );

  it('refuses a body that is not JSON at all', async () => {
    const body = 'not json';
    const result = await acceptStripeWebhook(c, Buffer.from(body), signed(body));
    expect(result).toMatchObject({ status: 'rejected', problem: 'malformed_event' });
  });

  it('refuses a signature dated beyond the tolerance in the future, as it does one in the past', async () => {
    const body = event({ id: 'evt_intake_future' });
    const now = Math.floor(Date.now() / 1000);
    const before = await stored();
    for (const timestamp of [now + 301, now + 86_400, now - 301]) {
      const result = await acceptStripeWebhook(c, Buffer.from(body), signed(body, timestamp));
      expect(result).toMatchObject({ status: 'rejected', problem: 'invalid_signature' });
    }
    expect(await stored()).toEqual(before);
    // Clocks drift a little: a few seconds ahead is fine.
    const slightlyAhead = await acceptStripeWebhook(c, Buffer.from(body), signed(body, now + 5));
    expect(slightlyAhead).toMatchObject({ status: 'accepted', eventId: 'evt_intake_future' });
  });

  it('stores and enqueues a well-formed event once, also one of a type it does not handle', async () => {
    for (const body of [event(), event(), event({ id: 'evt_intake_other', type: 'balance.available' })]) {
      expect(await acceptStripeWebhook(c, Buffer.from(body), signed(body))).toMatchObject({
        status: 'accepted',
      });
    }
    const rows = await c
      .scope()
      .em.execute<Array<{ event_id: string }>>(
        `select event_id from webhook_events where event_id like 'evt_intake_%' and event_id <> 'evt_intake_future' order by event_id`,
      );
    expect(rows.map((r) => r.event_id)).toEqual(['evt_intake_ok', 'evt_intake_other']);
  });
});
