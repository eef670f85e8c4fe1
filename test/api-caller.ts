// The tRPC caller a request would get, for tests that call procedures as a given user or key.
import { createCaller, type ApiContext, type Auth } from '@clinicpay/api';
import type { TestContainer } from '@clinicpay/standins/testing';

export function callerFor(c: TestContainer, auth: Auth | null, actAsOrganizationId: string | null = null) {
  const ctx: ApiContext = {
    deps: c.requestDeps(),
    auth,
    requestId: 'test',
    ip: '127.0.0.1',
    userAgent: 'vitest',
    actAsOrganizationId,
  };
  return createCaller(ctx);
}
