// Running one Stripe call as a Result: SDK errors are classified (classify-error.ts), and responses
// this code cannot map become permanent `unexpected_response` errors instead of exceptions. Every
// failure is reported (for the log: Stripe's own message and request id), since the people who see
// the result get our words instead (gatewayFailure in the domain).
import Stripe from 'stripe';
import { err, ok, type GatewayError, type Result } from '@clinicpay/domain';
import { classifyStripeError } from './classify-error.ts';

export type GatewayResult<T> = Promise<Result<T, GatewayError>>;

/** A failure decided here rather than by Stripe, e.g. a response value newer than this code (permanent:
 * asking again returns the same thing). */
export class GatewayFailure extends Error {
  readonly error: GatewayError;
  constructor(error: GatewayError) {
    super(error.message);
    this.error = error;
  }
}

export function unexpected(field: string, value: unknown): GatewayFailure {
  return new GatewayFailure({
    kind: 'permanent',
    code: 'unexpected_response',
    message: `Unexpected ${field} in Stripe response: ${JSON.stringify(value)}`,
  });
}

export function oneOf<T extends string>(allowed: readonly string[], value: string | null, field: string): T {
  if (value === null || !allowed.includes(value)) throw unexpected(field, value);
  return value as T;
}

export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

/** What a failed call leaves for the log: the operation, our classification, Stripe's own words. */
export type GatewayFailureReport = GatewayError & { operation: string; requestId: string | null };

export async function call<T>(
  operation: string,
  work: () => Promise<T>,
  report: (failure: GatewayFailureReport) => void = () => {},
): GatewayResult<T> {
  try {
    return ok(await work());
  } catch (error) {
    const classified = error instanceof GatewayFailure ? error.error : classifyStripeError(error);
    const requestId =
      error instanceof Stripe.errors.StripeError && typeof error.requestId === 'string'
        ? error.requestId
        : null;
    report({ ...classified, operation, requestId });
    return err(classified);
  }
}
