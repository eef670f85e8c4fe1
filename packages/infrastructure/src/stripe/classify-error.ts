// Stripe failures in the port's vocabulary. `permanent`: Stripe looked at the request and said no
// (bad parameters, declined card, reused idempotency key, bad key) — retrying the same request cannot
// help. `transient`: Stripe may not have processed it (network, rate limit, 5xx, 409 conflict) — retry
// later with the same idempotency key.
import Stripe from 'stripe';
import type { GatewayError } from '@clinicpay/domain';

function carried(
  error: Stripe.errors.StripeError,
  kind: GatewayError['kind'],
  fallbackCode: string,
): GatewayError {
  return {
    kind,
    code: error.code ?? fallbackCode,
    message: error.message,
    ...(error.param ? { param: error.param } : {}),
    ...(error.decline_code ? { declineCode: error.decline_code } : {}),
  };
}

export function classifyStripeError(error: unknown): GatewayError {
  if (!(error instanceof Stripe.errors.StripeError)) {
    // Not from the SDK's HTTP layer (a bug, or an unexpected throw while parsing the response): we
    // cannot tell whether Stripe executed the request, and retrying with the same idempotency key is
    // safe either way, so transient.
    return {
      kind: 'transient',
      code: 'unknown',
      message: error instanceof Error ? error.message : String(error),
    };
  }
  // 409 (e.g. `idempotency_key_in_use`: the same key is still executing) is worth retrying whatever
  // class stripe-node picked for it.
  if (error.statusCode === 409) return carried(error, 'transient', 'conflict');
  switch (error.type) {
    case 'StripeCardError':
      return carried(error, 'permanent', 'card_declined');
    case 'StripeInvalidRequestError':
      return carried(error, 'permanent', 'invalid_request_error');
    case 'StripeIdempotencyError':
      return carried(error, 'permanent', 'idempotency_error');
    case 'StripeAuthenticationError':
      return carried(error, 'permanent', 'authentication_error');
    case 'StripePermissionError':
      return carried(error, 'permanent', 'permission_error');
    case 'StripeRateLimitError':
      return carried(error, 'transient', 'rate_limit');
    case 'StripeConnectionError':
      return carried(error, 'transient', 'connection_error');
    case 'StripeAPIError':
      return carried(error, 'transient', 'api_error');
    default:
      // A class newer than this code (or one meant for other APIs, e.g. OAuth). Treated as transient
      // because a retry is harmless with the idempotency key, while a wrong `permanent` would drop a
      // payment link for good; `unknown` makes it visible in logs.
      return { kind: 'transient', code: 'unknown', message: `${error.type}: ${error.message}` };
  }
}
