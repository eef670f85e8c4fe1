// Staff sign-in: email + password, throttled per account and per IP, with one answer for an unknown
// email and a wrong password so accounts can't be enumerated.
import { AppError } from '../shared/app-error.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { AuditLog } from '../shared/audit-log.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/id-generator.ts';
import type { PasswordHasher } from './password-hasher.ts';
import type {
  SignInThrottle,
  StaffSessionRepository,
  TokenService,
  UserRepository,
} from './identity-ports.ts';
import { StaffSession } from './staff-session.ts';
import type { User } from './user.ts';

export const SIGN_IN_POLICY = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  accountFailureLimit: 5,
  ipFailureLimit: 30,
} as const;

export type SignInDeps = {
  users: UserRepository;
  sessions: StaffSessionRepository;
  throttle: SignInThrottle;
  passwords: PasswordHasher;
  tokens: TokenService;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
};

export type SignInResult = { token: string; session: StaffSession; user: User };

const INVALID = 'Invalid email or password';

export async function signIn(
  input: {
    email: string;
    password: string;
    ip: string | null;
    userAgent: string | null;
    requestId: string | null;
    absoluteTimeoutMs: number;
  },
  deps: SignInDeps,
): Promise<Result<SignInResult, AppError>> {
  const now = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  const accountKey = `account:${deps.tokens.hash(email)}`;
  const ipKey = input.ip ? `ip:${input.ip}` : null;
  const keys = ipKey ? [accountKey, ipKey] : [accountKey];

  const lockedUntil = await deps.throttle.lockedUntil(keys, now);
  if (lockedUntil) {
    const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
    return err(
      AppError.rateLimited(
        `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      ),
    );
  }

  const user = email === '' ? null : await deps.users.unsafeFindByEmailForSignIn(email);
  // Verify even when there is no user, so both failures take the same time.
  // An invited user who hasn't chosen a password yet has none: verified like an unknown account.
  const passwordOk = await deps.passwords.verify(user?.passwordHash || null, input.password);
  if (!user || !passwordOk || !user.isActive) {
    await deps.throttle.recordFailure(
      [
        { key: accountKey, limit: SIGN_IN_POLICY.accountFailureLimit },
        ...(ipKey ? [{ key: ipKey, limit: SIGN_IN_POLICY.ipFailureLimit }] : []),
      ],
      now,
      SIGN_IN_POLICY.windowMs,
      SIGN_IN_POLICY.lockMs,
    );
    return err(AppError.unauthenticated(INVALID));
  }
  await deps.throttle.clear(accountKey);

  const token = deps.tokens.newToken(32);
  const session = new StaffSession();
  session.id = deps.ids.uuid();
  session.organizationId = user.organizationId;
  session.userId = user.id;
  session.tokenHash = deps.tokens.hash(token);
  session.createdAt = now;
  session.lastSeenAt = now;
  session.expiresAt = new Date(now.getTime() + input.absoluteTimeoutMs);
  session.ip = input.ip;
  session.userAgent = input.userAgent?.slice(0, 500) ?? null;
  await deps.sessions.save(session);

  user.lastLoginAt = now;
  await deps.users.save(user);
  await deps.audit.append({
    organizationId: user.organizationId,
    actor: { type: 'user', userId: user.id, role: user.role },
    action: 'auth.sign_in',
    entityType: 'user',
    entityId: user.id,
    requestId: input.requestId,
    occurredAt: now,
    data: { ip: input.ip },
  });
  return ok({ token, session, user });
}

/** Resolves a session cookie to its user, enforcing idle and absolute expiry and disabled accounts. */
export async function authenticateSession(
  input: { token: string; idleTimeoutMs: number },
  deps: Pick<SignInDeps, 'users' | 'sessions' | 'tokens' | 'clock'>,
): Promise<{ user: User; session: StaffSession } | null> {
  if (input.token.length < 20 || input.token.length > 200) return null;
  const now = deps.clock.now();
  const session = await deps.sessions.unsafeFindByTokenHash(deps.tokens.hash(input.token));
  if (!session || !session.isValid(now, input.idleTimeoutMs)) return null;
  const user = await deps.users.unsafeFindByIdForSession(session.userId);
  if (!user || !user.isActive || user.organizationId !== session.organizationId) return null;
  // Sliding idle window; written at most once a minute to keep reads cheap.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    session.lastSeenAt = now;
    await deps.sessions.save(session);
  }
  return { user, session };
}

export async function signOut(
  input: { token: string },
  deps: Pick<SignInDeps, 'sessions' | 'tokens' | 'clock'>,
): Promise<void> {
  const session = await deps.sessions.unsafeFindByTokenHash(deps.tokens.hash(input.token));
  if (session && !session.revokedAt) {
    session.revokedAt = deps.clock.now();
    await deps.sessions.save(session);
  }
}
