// Staff sign-in against real PostgreSQL: one answer for unknown email and wrong password,
// throttling per account and per IP, idle and absolute session expiry, sign-out, disabled users.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authenticateSession, signIn, signOut, SIGN_IN_POLICY, User } from '@clinicpay/domain';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';

const HOUR = 3_600_000;
let c: TestContainer;
let ipCounter = 0;

async function attempt(email: string, password: string, ip = `10.0.0.${ipCounter}`) {
  return signIn(
    { email, password, ip, userAgent: 'vitest', requestId: null, absoluteTimeoutMs: 12 * HOUR },
    c.requestDeps(),
  );
}

beforeAll(async () => {
  c = await createTestContainer();
  await c.transaction(async (scope) => {
    await scope.em.execute(
      `insert into organizations (id, name, slug) values ('00000000-0000-4000-8000-000000000001', 'Clinic', 'clinic')`,
    );
    const make = async (n: number, email: string, password: string) =>
      scope.users.save(
        User.create({
          id: `00000000-0000-4000-8000-00000000010${n}`,
          organizationId: '00000000-0000-4000-8000-000000000001',
          email,
          name: `User ${n}`,
          role: 'BILLING',
          passwordHash: await c.passwords.hash(password),
          now: c.clock.now(),
        }),
      );
    await make(1, 'staff@clinic.example', 'correct horse battery');
    await make(2, 'locked@clinic.example', 'correct horse battery');
    await make(3, 'Disabled@Clinic.example', 'correct horse battery');
  });
  const users = c.scope().users;
  const disabled = await users.unsafeFindByEmailForSignIn('disabled@clinic.example');
  disabled!.disabledAt = c.clock.now();
  await users.save(disabled!);
});
afterAll(async () => {
  await c.dropDatabase();
});
beforeEach(() => {
  ipCounter += 1;
});

describe('signIn', () => {
  it('signs in with the right password (email case-insensitive) and stores only a token hash', async () => {
    const result = await attempt('  Staff@Clinic.EXAMPLE ', 'correct horse battery');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.token.length).toBeGreaterThanOrEqual(40);
    const rows = await c
      .scope()
      .em.execute<Array<{ token_hash: string }>>('select token_hash from staff_sessions');
    expect(rows.map((r) => r.token_hash)).toContain(c.tokens.hash(result.value.token));
    expect(rows.map((r) => r.token_hash)).not.toContain(result.value.token);
    const audit = await c
      .scope()
      .em.execute<Array<{ action: string }>>(`select action from audit_log where action = 'auth.sign_in'`);
    expect(audit.length).toBeGreaterThan(0);
  });

  it('answers an unknown email exactly as a wrong password', async () => {
    const unknown = await attempt('nobody@clinic.example', 'correct horse battery');
    const wrong = await attempt('staff@clinic.example', 'wrong password');
    expect(unknown.ok || wrong.ok).toBe(false);
    if (unknown.ok || wrong.ok) return;
    expect(unknown.error.code).toBe('UNAUTHENTICATED');
    expect(wrong.error.code).toBe('UNAUTHENTICATED');
    expect(unknown.error.message).toBe(wrong.error.message);
  });

  it('refuses a disabled account with the same answer', async () => {
    const result = await attempt('disabled@clinic.example', 'correct horse battery');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe('Invalid email or password');
  });

  it('locks an account after repeated failures, even from different IPs, then lets it in after the lock', async () => {
    for (let i = 0; i < SIGN_IN_POLICY.accountFailureLimit; i += 1) {
      const r = await attempt('locked@clinic.example', 'guess', `10.1.0.${i}`);
      expect(r.ok).toBe(false);
    }
    const blocked = await attempt('locked@clinic.example', 'correct horse battery', '10.1.1.1');
    expect(blocked.ok).toBe(false);
    if (!blocked.ok) expect(blocked.error.code).toBe('RATE_LIMITED');

    c.clock.advance(SIGN_IN_POLICY.lockMs + 1000);
    const after = await attempt('locked@clinic.example', 'correct horse battery', '10.1.1.2');
    expect(after.ok).toBe(true);
  });

  it('throttles one IP trying many accounts', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < SIGN_IN_POLICY.ipFailureLimit; i += 1) {
      await attempt(`someone${i}@clinic.example`, 'guess', ip);
    }
    const fromSameIp = await attempt('staff@clinic.example', 'correct horse battery', ip);
    expect(fromSameIp.ok).toBe(false);
    if (!fromSameIp.ok) expect(fromSameIp.error.code).toBe('RATE_LIMITED');
    const fromOtherIp = await attempt('staff@clinic.example', 'correct horse battery', '10.9.9.10');
    expect(fromOtherIp.ok).toBe(true);
  });
});

describe('sessions', () => {
  const idleTimeoutMs = 30 * 60_000;

  it('expire after the idle timeout, and slide while used', async () => {
    const r = await attempt('staff@clinic.example', 'correct horse battery');
    if (!r.ok) throw r.error;
    const token = r.value.token;
    c.clock.advance(20 * 60_000);
    expect(await authenticateSession({ token, idleTimeoutMs }, c.requestDeps())).not.toBeNull();
    c.clock.advance(20 * 60_000); // 40 min since sign-in, 20 since last use
    expect(await authenticateSession({ token, idleTimeoutMs }, c.requestDeps())).not.toBeNull();
    c.clock.advance(31 * 60_000);
    expect(await authenticateSession({ token, idleTimeoutMs }, c.requestDeps())).toBeNull();
  });

  it('expire at the absolute timeout however active', async () => {
    const r = await attempt('staff@clinic.example', 'correct horse battery');
    if (!r.ok) throw r.error;
    // Used every 25 minutes: never idle, but 28 × 25 min = 11 h 40 min is the last time it works.
    for (let i = 0; i < 28; i += 1) {
      c.clock.advance(25 * 60_000);
      expect(
        await authenticateSession({ token: r.value.token, idleTimeoutMs }, c.requestDeps()),
      ).not.toBeNull();
    }
    c.clock.advance(25 * 60_000); // 12 h 05 min after sign-in
    expect(await authenticateSession({ token: r.value.token, idleTimeoutMs }, c.requestDeps())).toBeNull();
  });

  it('end at sign-out', async () => {
    const r = await attempt('staff@clinic.example', 'correct horse battery');
    if (!r.ok) throw r.error;
    await signOut({ token: r.value.token }, c.requestDeps());
    expect(await authenticateSession({ token: r.value.token, idleTimeoutMs }, c.requestDeps())).toBeNull();
  });

  it('reject garbage tokens without touching the database rules', async () => {
    expect(await authenticateSession({ token: 'x', idleTimeoutMs }, c.requestDeps())).toBeNull();
    expect(await authenticateSession({ token: 'a'.repeat(43), idleTimeoutMs }, c.requestDeps())).toBeNull();
  });
});
