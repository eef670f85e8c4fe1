// Rate limits: the budgets every request draws on, the port that counts them (shared by every web
// process: PostgreSQL or Redis, see infrastructure/security/rate-limiter.ts) and the answer's
// headers, in the IETF draft's syntax (draft-ietf-httpapi-ratelimit-headers-10):
//   RateLimit-Policy: "writes";q=120;w=60     the policy: 120 per 60-second window
//   RateLimit: "writes";r=87;t=42             87 left, the window ends in 42 s
import type { RateLimitDecision } from '@clinicpay/domain';
import type { Auth } from '../context.ts';
import { addressBucket } from './ip-ranges.ts';

/** The HTTP headers for a decision: the draft's two fields, and Retry-After when refused. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Policy': `"${decision.budget}";q=${decision.limit};w=${decision.windowSeconds}`,
    RateLimit: `"${decision.budget}";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
  if (!decision.allowed) headers['Retry-After'] = String(Math.max(1, decision.resetSeconds));
  return headers;
}

/**
 * Whose budget a request spends: the API key's, the signed-in user's, or (no credential) the client
 * address's. An IPv6 client is counted by its /64, which one subscriber can fill with addresses.
 */
export function rateSubject(auth: Auth | null, ip: string | null): string {
  if (auth?.kind === 'api_key') return `key:${auth.apiKey.id}`;
  if (auth?.kind === 'user') return `user:${auth.user.id}`;
  return `ip:${addressBucket(ip)}`;
}

/** "Too many create and send requests: at most 120 a minute for this API key; try again in 42 s." */
export function rateLimitMessage(decision: RateLimitDecision, auth: Auth | null): string {
  const what = {
    reads: 'read requests',
    writes: 'create and send requests',
    exports: 'exports',
    anonymous: 'requests',
  }[decision.budget];
  const per = decision.windowSeconds === 60 ? 'a minute' : `per ${decision.windowSeconds} s`;
  const whose = auth?.kind === 'api_key' ? 'this API key' : auth ? 'you' : 'this address';
  return `Too many ${what}: at most ${decision.limit} ${per} for ${whose}; try again in ${Math.max(1, decision.resetSeconds)} s`;
}
