// A gateway read an event depends on: transient failures retry the event, permanent ones end it.
import type { GatewayError } from '../../payment-gateway.ts';
import type { Result } from '../../../shared/result.ts';
import { EventCannotApply, RetryLater } from '../deps.ts';

export function needed<T>(result: Result<T, GatewayError>, what: string, organizationId: string): T {
  if (result.ok) return result.value;
  if (result.error.kind === 'transient') throw new RetryLater(`${what}: ${result.error.message}`);
  throw new EventCannotApply(`Stripe refused to return the ${what} (${result.error.code})`, organizationId);
}
