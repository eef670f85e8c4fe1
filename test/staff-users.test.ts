// Staff accounts through the API an admin's dashboard uses: invite by email (a one-time link, valid
// 7 days, to choose a password), change role, disable (signed out at once) and enable — with a clinic
// never left without an active admin, nobody locking themselves out, and no reach into another clinic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth } from '@clinicpay/api';
import { callerFor as callerForTest } from './api-caller.ts';
import { acceptStaffInvite, authenticateSession, findInvitation, signIn, User } from '@clinicpay/domain';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';

let c: TestContainer;
let demo: DemoCredentials;
const LAKESIDE = () => demo.otherOrganization.organizationId;

function callerFor(auth: Auth, actAsOrganizationId: string | null = null) {
  return callerForTest(c, auth, actAsOrganizationId);
}
async function as(email: string) {
  const user = await c.scope().users.unsafeFindByEmailForSignIn(email);
  if (!user) throw new Error(`no user ${email}`);
  return callerFor({ kind: 'user', user, role: user.role, organizationId: user.organizationId });
}
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
    return null;
  } catch (error) {
    const e = error as { code?: string; message: string; cause?: { fieldErrors?: unknown } };
    return { code: e.code, message: e.message, fields: e.cause?.fieldErrors ?? null };
  }
}
const deps = () => {
  const d = c.requestDeps();
  return {
    ...d,
    email: d.messaging.senders.email,
    fromEmail: d.messaging.senders.fromEmail,
    baseUrl: d.publicBaseUrl,
  };
};
const attempt = (email: string, password: string) =>
  signIn(
    { email, password, ip: null, userAgent: null, requestId: null, absoluteTimeoutMs: 3_600_000 },
    c.requestDeps(),
  );
async function lastEmailTo(recipient: string) {
  const rows = await c
    .scope()
    .em.execute<Array<{ subject: string; body: string }>>(
      `select subject, body from captured_messages where recipient = ? order by created_at desc, id desc limit 1`,
      [recipient],
    );
  return rows[0] ?? null;
}
const tokenIn = (body: string) => /\/invite\/([A-Za-z0-9_-]+)/.exec(body)?.[1] ?? '';

beforeAll(async () => {
  c = await createTestContainer();
  demo = await seedDemoData(c, undefined);
});
afterAll(async () => {
  await c.dropDatabase();
});

describe('staff accounts', () => {
  it('invites by email; the link sets a password once, then the new user signs in', async () => {
    const admin = await as('admin@riverside.example');
    const invited = await admin.users.invite({
      name: 'Sam Ortiz',
      email: ' Sam.Ortiz@Riverside.example ',
      role: 'BILLING',
    });
    expect(invited.user).toMatchObject({
      email: 'sam.ortiz@riverside.example',
      role: 'BILLING',
      status: 'invited',
    });
    expect(invited.emailed).toBe(true);
    const email = await lastEmailTo('sam.ortiz@riverside.example');
    expect(email?.subject).toBe("You're invited to Riverside Family Clinic on ClinicPay");
    const token = tokenIn(email!.body);
    expect(invited.inviteUrl.endsWith(`/invite/${token}`)).toBe(true);
    // Only the token's hash is stored.
    const stored = await c
      .scope()
      .em.execute<Array<{ invite_token_hash: string; password_hash: string }>>(
        `select invite_token_hash, password_hash from users where email = 'sam.ortiz@riverside.example'`,
      );
    expect(stored[0]!.invite_token_hash).not.toContain(token);
    expect(stored[0]!.password_hash).toBe('');

    // Not signed up yet: no password works, not even an empty one.
    expect((await attempt('sam.ortiz@riverside.example', '')).ok).toBe(false);
    expect((await findInvitation(token, deps()))?.clinicName).toBe('Riverside Family Clinic');

    const short = await acceptStaffInvite(
      { token, password: 'short', confirm: 'short', requestId: null },
      deps(),
    );
    expect(!short.ok && short.error.fieldErrors).toEqual([
      { field: 'password', message: 'must be 12 to 200 characters' },
    ]);
    const mismatch = await acceptStaffInvite(
      { token, password: 'a long enough secret', confirm: 'a long enough secreT', requestId: null },
      deps(),
    );
    expect(!mismatch.ok && mismatch.error.fieldErrors).toEqual([
      { field: 'confirm', message: 'does not match the password' },
    ]);
    const accepted = await acceptStaffInvite(
      { token, password: 'a long enough secret', confirm: 'a long enough secret', requestId: null },
      deps(),
    );
    expect(accepted.ok).toBe(true);
    expect((await attempt('sam.ortiz@riverside.example', 'a long enough secret')).ok).toBe(true);
    // The link worked once.
    expect(await findInvitation(token, deps())).toBeNull();
    const again = await acceptStaffInvite(
      { token, password: 'another long secret', confirm: 'another long secret', requestId: null },
      deps(),
    );
    expect(!again.ok && again.error.code).toBe('NOT_FOUND');
    // (A new request, as the dashboard's next page load would be.)
    const listed = (await (await as('admin@riverside.example')).users.list()).find(
      (u) => u.email === 'sam.ortiz@riverside.example',
    );
    expect(listed?.status).toBe('active');
  });

  it('names every bad field of an invitation, and an email that already has an account', async () => {
    const admin = await as('admin@riverside.example');
    const bad = await failure(admin.users.invite({ name: ' ', email: 'not-an-email', role: 'SUPER_ADMIN' }));
    expect(bad?.code).toBe('UNPROCESSABLE_CONTENT');
    expect(bad?.fields).toEqual([
      { field: 'name', message: 'must be 1 to 100 characters' },
      { field: 'email', message: 'must be an email address' },
      { field: 'role', message: 'must be ADMIN, PROVIDER or BILLING' },
    ]);
    const taken = await failure(
      admin.users.invite({ name: 'Dr Lee', email: 'DR.LEE@riverside.example', role: 'PROVIDER' }),
    );
    expect(taken?.fields).toEqual([{ field: 'email', message: 'already has a ClinicPay account' }]);
  });

  it('expires an invitation after 7 days; sending it again makes a new link and retires the old', async () => {
    const admin = await as('admin@riverside.example');
    const start = c.clock.now();
    const invited = await admin.users.invite({
      name: 'Kim Park',
      email: 'kim.park@riverside.example',
      role: 'PROVIDER',
    });
    const first = tokenIn(invited.inviteUrl);
    c.clock.set(new Date(start.getTime() + 7 * 24 * 3_600_000 + 1000));
    try {
      expect(await findInvitation(first, deps())).toBeNull();
      const resent = await admin.users.resendInvite({ id: invited.user.id });
      const second = tokenIn(resent.inviteUrl);
      expect(second).not.toBe(first);
      expect(tokenIn((await lastEmailTo('kim.park@riverside.example'))!.body)).toBe(second);
      expect(await findInvitation(first, deps())).toBeNull();
      expect((await findInvitation(second, deps()))?.user.email).toBe('kim.park@riverside.example');
    } finally {
      c.clock.set(start);
    }
  });

  it('changes roles and disables accounts (signed out at once), but keeps an active admin and never locks out oneself', async () => {
    const admin = await as('admin@riverside.example');
    const users = await admin.users.list();
    const lee = users.find((u) => u.email === 'dr.lee@riverside.example')!;
    const me = users.find((u) => u.email === 'admin@riverside.example')!;

    const session = await attempt('dr.lee@riverside.example', 'riverside-provider-2026');
    if (!session.ok) throw session.error;
    const check = () =>
      authenticateSession({ token: session.value.token, idleTimeoutMs: 3_600_000 }, c.requestDeps());
    expect(await check()).not.toBeNull();
    expect((await admin.users.update({ id: lee.id, disabled: true })).status).toBe('disabled');
    expect(await check()).toBeNull();
    expect((await attempt('dr.lee@riverside.example', 'riverside-provider-2026')).ok).toBe(false);
    expect((await admin.users.update({ id: lee.id, disabled: false })).status).toBe('active');
    expect((await attempt('dr.lee@riverside.example', 'riverside-provider-2026')).ok).toBe(true);

    expect((await failure(admin.users.update({ id: me.id, disabled: true })))?.message).toBe(
      "You can't disable your own account",
    );
    expect((await failure(admin.users.update({ id: me.id, role: 'BILLING' })))?.message).toBe(
      "You can't change your own role; ask another admin",
    );
    // Lee becomes an admin and tries to demote the other admin, then to be demoted: one must remain.
    await admin.users.update({ id: lee.id, role: 'ADMIN' });
    const asLee = await as('dr.lee@riverside.example');
    await asLee.users.update({ id: me.id, role: 'PROVIDER' });
    const last = await failure(
      (await as('admin@riverside.example')).users.update({ id: lee.id, role: 'BILLING' }),
    );
    expect(last).toMatchObject({ code: 'FORBIDDEN' }); // no longer an admin: no staff management at all
    await asLee.users.update({ id: me.id, role: 'ADMIN' });
    await admin.users.update({ id: lee.id, role: 'PROVIDER' });
    expect((await failure(admin.users.update({ id: lee.id, role: 'OWNER' })))?.fields).toEqual([
      { field: 'role', message: 'must be ADMIN, PROVIDER or BILLING' },
    ]);
    const audit = await c
      .scope()
      .em.execute<Array<{ action: string }>>(
        `select action from audit_log where entity_id = ? and action like 'user.%'`,
        [lee.id],
      );
    expect(audit.length).toBeGreaterThanOrEqual(4);
  });

  it('keeps one active admin; an invited admin does not count until they accept', async () => {
    // A platform admin acting inside Lakeside (the spec's admin override) is the one who could.
    const platform = User.create({
      id: c.ids.uuid(),
      organizationId: null,
      email: 'ops@clinicpay.example',
      name: 'Platform Ops',
      role: 'SUPER_ADMIN',
      passwordHash: await c.passwords.hash('platform ops secret'),
      now: c.clock.now(),
    });
    await c.scope().users.save(platform);
    const ops = callerFor(
      { kind: 'user', user: platform, role: 'SUPER_ADMIN', organizationId: null },
      LAKESIDE(),
    );
    const lakeside = await ops.users.list();
    const admin = lakeside.find((u) => u.email === 'admin@lakeside.example')!;
    const invited = await ops.users.invite({
      name: 'New Admin',
      email: 'new.admin@lakeside.example',
      role: 'ADMIN',
    });
    expect((await failure(ops.users.update({ id: admin.id, disabled: true })))?.message).toBe(
      'The clinic needs at least one active admin',
    );
    expect((await failure(ops.users.update({ id: admin.id, role: 'BILLING' })))?.message).toBe(
      'The clinic needs at least one active admin',
    );
    const accepted = await acceptStaffInvite(
      {
        token: tokenIn(invited.inviteUrl),
        password: 'new admin secret',
        confirm: 'new admin secret',
        requestId: null,
      },
      deps(),
    );
    expect(accepted.ok).toBe(true);
    const opsLater = callerFor(
      { kind: 'user', user: platform, role: 'SUPER_ADMIN', organizationId: null },
      LAKESIDE(),
    );
    expect((await opsLater.users.update({ id: admin.id, disabled: true })).status).toBe('disabled');
    expect((await opsLater.users.update({ id: admin.id, disabled: false })).status).toBe('active');
  });

  it('never reaches another clinic’s staff, and is for admins only', async () => {
    const riverside = await as('admin@riverside.example');
    const lakesideUsers = await (await as('admin@lakeside.example')).users.list();
    for (const u of lakesideUsers) {
      expect((await failure(riverside.users.update({ id: u.id, disabled: true })))?.code).toBe('NOT_FOUND');
      expect((await failure(riverside.users.resendInvite({ id: u.id })))?.code).toBe('NOT_FOUND');
    }
    expect((await riverside.users.list()).some((u) => u.email.endsWith('@lakeside.example'))).toBe(false);
    const provider = await as('dr.lee@riverside.example');
    expect((await failure(provider.users.list()))?.code).toBe('FORBIDDEN');
    expect(
      (await failure(provider.users.invite({ name: 'X', email: 'x@example.com', role: 'ADMIN' })))?.code,
    ).toBe('FORBIDDEN');
  });
});
