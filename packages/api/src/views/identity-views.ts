// What the API shows of staff accounts and API keys. Explicit shapes: nothing leaks by
// being added to a class (a password hash, an invitation token's hash, a key's secret hash).
import { z } from 'zod';
import { ROLES, staffStatus, type ApiKey, type User } from '@clinicpay/domain';

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  /** `invited` (no password chosen yet), `active` or `disabled`. */
  status: z.enum(['invited', 'active', 'disabled']),
  inviteExpiresAt: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const userView = (u: User): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  disabled: u.disabledAt !== null,
  status: staffStatus(u),
  inviteExpiresAt: u.inviteExpiresAt?.toISOString() ?? null,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
});

export const apiKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Enough to recognise the key; the secret is shown once, when it is created. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;

export const apiKeyView = (k: ApiKey): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: `cpk_${k.prefix}_…`,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});
