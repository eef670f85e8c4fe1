// Tenant isolation through every procedure that exists: a session or API key of organization A
// gets "not found" for every id of organization B, and lists never show B's rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth } from '@clinicpay/api';
import { callerFor as callerForTest } from './api-caller.ts';
import { User, type ApiKey } from '@clinicpay/domain';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';

let c: TestContainer;
let demo: DemoCredentials;

function callerFor(auth: Auth | null, actAsOrganizationId: string | null = null) {
  return callerForTest(c, auth, actAsOrganizationId);
}

async function userAuth(email: string): Promise<Auth> {
  const user = await c.scope().users.unsafeFindByEmailForSignIn(email);
  if (!user) throw new Error(`no user ${email}`);
  return { kind: 'user', user, role: user.role, organizationId: user.organizationId };
}

async function keyAuth(plaintext: string): Promise<Auth> {
  const prefix = /^cpk_([a-z0-9]{10})_/.exec(plaintext)?.[1] ?? '';
  const apiKey = (await c.scope().apiKeys.unsafeFindByPrefix(prefix)) as ApiKey;
  return { kind: 'api_key', apiKey, organizationId: apiKey.organizationId };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? 'UNKNOWN';
  }
}

beforeAll(async () => {
  c = await createTestContainer();
  demo = await seedDemoData(c, undefined);
});
afterAll(async () => {
  await c.dropDatabase();
});

describe.each([
  ['an ADMIN session', () => userAuth('admin@riverside.example')],
  ['a PROVIDER session', () => userAuth('dr.lee@riverside.example')],
  ['an API key', () => keyAuth(demo.apiKey)],
])('organization A through %s', (_label, makeAuth) => {
  it('gets NOT_FOUND for every patient id of organization B, read or write', async () => {
    const caller = callerFor(await makeAuth());
    for (const id of demo.otherOrganization.patientIds) {
      expect(await codeOf(caller.patients.byId({ id }))).toBe('NOT_FOUND');
      expect(await codeOf(caller.patients.updateContact({ id, name: 'Hijacked' }))).toBe('NOT_FOUND');
    }
    const untouched = await callerFor(await keyAuth(demo.otherOrganization.apiKey)).patients.byId({
      id: demo.otherOrganization.patientIds[0]!,
    });
    expect(untouched.name).not.toBe('Hijacked');
  });

  it('lists only its own patients and providers, even when searching for B’s', async () => {
    const caller = callerFor(await makeAuth());
    const all = await caller.patients.list({ limit: 100 });
    expect(all.total).toBe(demo.patientIds.length);
    expect(all.items.map((p) => p.id).sort()).toEqual([...demo.patientIds].sort());
    const search = await caller.patients.list({ query: 'Whitfield' }); // a Lakeside patient
    expect(search.total).toBe(0);
    const providers = await caller.organization.providers();
    expect(providers.map((p) => p.name)).not.toContain('Dr. Ines Varga');
    expect((await caller.organization.get()).id).toBe(demo.organizationId);
  });

  it('can read its own patients', async () => {
    const caller = callerFor(await makeAuth());
    const patient = await caller.patients.byId({ id: demo.patientIds[0]! });
    expect(patient.name).toBe('Jordan Rivera');
  });
});

describe('API key management across tenants', () => {
  it('cannot revoke, or see, organization B’s keys', async () => {
    const adminA = callerFor(await userAuth('admin@riverside.example'));
    const bKey = await keyAuth(demo.otherOrganization.apiKey);
    if (bKey.kind !== 'api_key') throw new Error('unreachable');
    expect(await codeOf(adminA.apiKeys.revoke({ id: bKey.apiKey.id }))).toBe('NOT_FOUND');
    expect((await adminA.apiKeys.list()).map((k) => k.id)).not.toContain(bKey.apiKey.id);
    const stillWorks = await c.scope().apiKeys.unsafeFindByPrefix(bKey.apiKey.prefix);
    expect(stillWorks?.revokedAt).toBeNull();
  });

  it('lists only its own users', async () => {
    const adminA = callerFor(await userAuth('admin@riverside.example'));
    const emails = (await adminA.organization.users()).map((u) => u.email);
    expect(emails).toContain('admin@riverside.example');
    expect(emails).not.toContain('admin@lakeside.example');
  });

  it('creates a key shown once, that authenticates, and stops working when revoked', async () => {
    const adminA = callerFor(await userAuth('admin@riverside.example'));
    const created = await adminA.apiKeys.create({ name: 'Billing system' });
    expect(created.plaintext).toMatch(/^cpk_[a-z0-9]{10}_/);
    expect(JSON.stringify(await adminA.apiKeys.list())).not.toContain(created.plaintext);
    const asKey = callerFor(await keyAuth(created.plaintext));
    expect((await asKey.auth.me()).organization?.id).toBe(demo.organizationId);
    await adminA.apiKeys.revoke({ id: created.apiKey.id });
    const { authenticateApiKey } = await import('@clinicpay/domain');
    expect(await authenticateApiKey({ bearer: created.plaintext }, c.requestDeps())).toBeNull();
  });
});

describe('roles', () => {
  it('keeps API key and user management from PROVIDER staff and API keys', async () => {
    const provider = callerFor(await userAuth('dr.lee@riverside.example'));
    expect(await codeOf(provider.apiKeys.create({ name: 'x' }))).toBe('FORBIDDEN');
    expect(await codeOf(provider.organization.users())).toBe('FORBIDDEN');
    const key = callerFor(await keyAuth(demo.apiKey));
    expect(await codeOf(key.apiKeys.list())).toBe('FORBIDDEN');
  });

  it('answers UNAUTHORIZED without credentials', async () => {
    expect(await codeOf(callerFor(null).patients.list({}))).toBe('UNAUTHORIZED');
  });
});

describe('SUPER_ADMIN override', () => {
  it('acts in an organization only when naming it, and every use is audited', async () => {
    await c.transaction(async (scope) => {
      await scope.users.save(
        User.create({
          id: '00000000-0000-4000-8000-00000000aaaa',
          organizationId: null,
          email: 'root@platform.example',
          name: 'Platform operator',
          role: 'SUPER_ADMIN',
          passwordHash: await c.passwords.hash('operator password 1'),
          now: c.clock.now(),
        }),
      );
    });
    const auth = await userAuth('root@platform.example');
    expect(await codeOf(callerFor(auth).patients.list({}))).toBe('NOT_FOUND');
    const inLakeside = callerFor(auth, demo.otherOrganization.organizationId);
    const patient = await inLakeside.patients.byId({ id: demo.otherOrganization.patientIds[0]! });
    expect(patient.name).toBe('Chris Novak');
    const audit = await c
      .scope()
      .em.execute<Array<{ organization_id: string; entity_id: string }>>(
        `select organization_id, entity_id from audit_log where action = 'super_admin.override'`,
      );
    expect(audit).toContainEqual({
      organization_id: demo.otherOrganization.organizationId,
      entity_id: 'patients.byId',
    });
  });
});
