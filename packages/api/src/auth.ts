// Turns request credentials (session cookie or Bearer API key) into an Auth, or null.
import { authenticateApiKey, authenticateSession } from '@clinicpay/domain';
import type { ApiDeps, Auth } from './context.ts';

export async function resolveAuth(
  input: { sessionToken: string | null; bearer: string | null; idleTimeoutMs: number },
  deps: ApiDeps,
): Promise<Auth | null> {
  if (input.bearer) {
    const apiKey = await authenticateApiKey({ bearer: input.bearer }, deps);
    return apiKey ? { kind: 'api_key', apiKey, organizationId: apiKey.organizationId } : null;
  }
  if (input.sessionToken) {
    const found = await authenticateSession(
      { token: input.sessionToken, idleTimeoutMs: input.idleTimeoutMs },
      deps,
    );
    if (!found) return null;
    return {
      kind: 'user',
      user: found.user,
      role: found.user.role,
      organizationId: found.user.organizationId,
    };
  }
  return null;
}
