// What sign-in, sessions and API keys need from the outside world.
import type { ApiKey } from './api-key.ts';
import type { StaffSession } from './staff-session.ts';
import type { User } from './user.ts';

export interface UserRepository {
  /** Unscoped by design: at sign-in the email is what tells us the organization. */
  unsafeFindByEmailForSignIn(email: string): Promise<User | null>;
  /** Unscoped by design: a session row names its user; the session check re-checks the tenant. */
  unsafeFindByIdForSession(id: string): Promise<User | null>;
  /** Unscoped by design: the invitation link's token is the credential that identifies the tenant. */
  unsafeFindByInviteTokenHash(tokenHash: string): Promise<User | null>;
  findById(organizationId: string, id: string): Promise<User | null>;
  listByOrganization(organizationId: string): Promise<User[]>;
  save(user: User): Promise<void>;
}

export interface StaffSessionRepository {
  /** Unscoped by design: the token hash is the credential that identifies the tenant. */
  unsafeFindByTokenHash(tokenHash: string): Promise<StaffSession | null>;
  save(session: StaffSession): Promise<void>;
}

export interface ApiKeyRepository {
  /** Unscoped by design: the key's prefix is the credential that identifies the tenant. */
  unsafeFindByPrefix(prefix: string): Promise<ApiKey | null>;
  findById(organizationId: string, id: string): Promise<ApiKey | null>;
  listByOrganization(organizationId: string): Promise<ApiKey[]>;
  save(key: ApiKey): Promise<void>;
}

/** Failed sign-in counting shared by every web process. */
export interface SignInThrottle {
  /** The latest lock end among the keys, or null when none is locked. */
  lockedUntil(keys: string[], now: Date): Promise<Date | null>;
  recordFailure(
    keys: Array<{ key: string; limit: number }>,
    now: Date,
    windowMs: number,
    lockMs: number,
  ): Promise<void>;
  clear(key: string): Promise<void>;
}

/** Random bearer tokens and their at-rest hashes (a fast hash is right: tokens are high-entropy). */
export interface TokenService {
  newToken(bytes: number): string;
  hash(token: string): string;
  /** Constant-time comparison of two hashes. */
  equals(a: string, b: string): boolean;
}
