// API keys: `cpk_<prefix>_<secret>`. The prefix finds the row; the hash of the whole key checks it.
// The plaintext is returned once, at creation.
import { AppError } from '../shared/app-error.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { AuditLog } from '../shared/audit-log.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/id-generator.ts';
import type { Actor } from './actor.ts';
import { ApiKey } from './api-key.ts';
import type { ApiKeyRepository, TokenService } from './identity-ports.ts';

export type ApiKeyDeps = {
  apiKeys: ApiKeyRepository;
  tokens: TokenService;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
};

const KEY_PATTERN = /^cpk_([a-z0-9]{10})_([A-Za-z0-9_-]{32,64})$/;

export async function createApiKey(
  input: {
    organizationId: string;
    name: string;
    actor: Actor;
    createdByUserId: string | null;
    requestId: string | null;
  },
  deps: ApiKeyDeps,
): Promise<Result<{ apiKey: ApiKey; plaintext: string }, AppError>> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) {
    return err(AppError.validation('name', 'Name must be 1 to 100 characters'));
  }
  const now = deps.clock.now();
  const prefix = deps.tokens
    .newToken(16)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 10)
    .padEnd(10, '0');
  const plaintext = `cpk_${prefix}_${deps.tokens.newToken(32)}`;
  const apiKey = ApiKey.create({
    id: deps.ids.uuid(),
    organizationId: input.organizationId,
    name,
    prefix,
    secretHash: deps.tokens.hash(plaintext),
    createdByUserId: input.createdByUserId,
    now,
  });
  await deps.apiKeys.save(apiKey);
  await deps.audit.append({
    organizationId: input.organizationId,
    actor: input.actor,
    action: 'api_key.create',
    entityType: 'api_key',
    entityId: apiKey.id,
    requestId: input.requestId,
    occurredAt: now,
    data: { name, prefix },
  });
  return ok({ apiKey, plaintext });
}

export async function revokeApiKey(
  input: { organizationId: string; apiKeyId: string; actor: Actor; requestId: string | null },
  deps: ApiKeyDeps,
): Promise<Result<ApiKey, AppError>> {
  const apiKey = await deps.apiKeys.findById(input.organizationId, input.apiKeyId);
  if (!apiKey) return err(AppError.notFound('API key'));
  if (apiKey.revokedAt) return ok(apiKey);
  const now = deps.clock.now();
  apiKey.revokedAt = now;
  await deps.apiKeys.save(apiKey);
  await deps.audit.append({
    organizationId: input.organizationId,
    actor: input.actor,
    action: 'api_key.revoke',
    entityType: 'api_key',
    entityId: apiKey.id,
    requestId: input.requestId,
    occurredAt: now,
  });
  return ok(apiKey);
}

/** Resolves a Bearer token to an active key, recording when it was last used (at most once a minute). */
export async function authenticateApiKey(
  input: { bearer: string },
  deps: Pick<ApiKeyDeps, 'apiKeys' | 'tokens' | 'clock'>,
): Promise<ApiKey | null> {
  const match = KEY_PATTERN.exec(input.bearer.trim());
  if (!match?.[1]) return null;
  const apiKey = await deps.apiKeys.unsafeFindByPrefix(match[1]);
  if (!apiKey || apiKey.revokedAt) return null;
  if (!deps.tokens.equals(apiKey.secretHash, deps.tokens.hash(input.bearer.trim()))) return null;
  const now = deps.clock.now();
  if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() > 60_000) {
    apiKey.lastUsedAt = now;
    await deps.apiKeys.save(apiKey);
  }
  return apiKey;
}
