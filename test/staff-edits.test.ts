// What staff change through the API, checked where the rules now live (domain use cases, not the
// routers): a patient's contact details (every bad field named and nothing saved; a new number
// drops the old number's STOP; the audit names fields, never their values) and the clinic's message
// templates (a template with errors is refused by name; the preview reports only the edited parts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor } from './api-caller.ts';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';

let c: TestContainer;
let demo: DemoCredentials;

beforeAll(async () => {
  c = await createTestContainer();
  demo = await seedDemoData(c, undefined);
});
afterAll(async () => {
  await c?.close();
});

async function admin() {
  const user = await c.scope().users.unsafeFindByEmailForSignIn('admin@riverside.example');
  if (!user) throw new Error('no demo admin');
  return callerFor(c, { kind: 'user', user, role: user.role, organizationId: user.organizationId });
}
async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
    return null;
  } catch (error) {
    const e = error as { code?: string; cause?: { fieldErrors?: Array<{ field: string }> } };
    return { code: e.code, fields: (e.cause?.fieldErrors ?? []).map((f) => f.field) };
  }
}

describe('a patient’s contact details', () => {
  it('names every bad field at once and saves nothing', async () => {
    const caller = await admin();
    const id = demo.patientIds[0]!;
    const before = await caller.patients.byId({ id });
    expect(
      await refusal(
        caller.patients.updateContact({ id, name: 'Someone Else', email: 'not-an-email', phone: '12' }),
      ),
    ).toEqual({ code: 'UNPROCESSABLE_CONTENT', fields: ['email', 'phone'] });
    expect(await caller.patients.byId({ id })).toEqual(before);
  });

  it('stores the number as E.164, and a new number starts without the old one’s STOP', async () => {
    const caller = await admin();
    const optedOut = (await caller.patients.list({ limit: 100 })).items.find((p) => p.smsOptedOut);
    if (!optedOut) throw new Error('the demo has a patient who texted STOP');
    const same = await caller.patients.updateContact({ id: optedOut.id, phone: optedOut.phone });
    expect(same.smsOptedOut).toBe(true);
    const changed = await caller.patients.updateContact({
      id: optedOut.id,
      phone: '(202) 555-0177',
      email: 'New.Address@Example.com',
    });
    expect(changed).toMatchObject({
      phone: '+12025550177',
      email: 'new.address@example.com',
      smsOptedOut: false,
    });

    const rows = await c
      .scope()
      .em.execute<Array<{ data: unknown }>>(
        `select data from audit_log where action = 'patient.update_contact' and entity_id = ?`,
        [optedOut.id],
      );
    expect(rows.map((r) => r.data)).toEqual(
      expect.arrayContaining([{ fields: ['phone'] }, { fields: ['email', 'phone'] }]),
    );
    expect(JSON.stringify(rows)).not.toContain('555-0177');
  });
});

describe('message templates', () => {
  it('refuses a template with errors, naming the body, and keeps the one saved', async () => {
    const caller = await admin();
    await caller.messaging.setTemplate({ kind: 'payment_request', part: 'sms', body: 'Pay here: {{link}}' });
    expect(
      await refusal(
        caller.messaging.setTemplate({ kind: 'payment_request', part: 'sms', body: 'Pay {{nonsense}}' }),
      ),
    ).toEqual({ code: 'UNPROCESSABLE_CONTENT', fields: ['body'] });
    const payment = (await caller.messaging.templates()).find((t) => t.kind === 'payment_request');
    expect(payment?.overrides).toEqual({ sms: 'Pay here: {{link}}' });

    expect(await caller.messaging.setTemplate({ kind: 'payment_request', part: 'sms', body: null })).toEqual({
      ok: true,
    });
    const reset = (await caller.messaging.templates()).find((t) => t.kind === 'payment_request');
    expect(reset?.overrides).toEqual({});
  });

  it('previews the edited texts with the clinic’s own link, reporting problems of those parts only', async () => {
    const caller = await admin();
    const preview = await caller.messaging.preview({
      kind: 'payment_request',
      overrides: { email_subject: '', sms: 'Pay {{amount}}: {{link}} {{nonsense}}' },
      amount: '$42.00',
    });
    expect(preview.sms.body).toContain('Pay $42.00: ');
    expect(preview.sms.body).toMatch(/\/k7m2pq9xr4tz8wc\?via=s/);
    expect(preview.problems.map((p) => p.code)).toEqual(['unknown_placeholder', 'missing_opt_out', 'empty']);
  });
});
