// Stripe's error envelope and the status codes that go with each kind of failure. stripe-node picks
// its error class from the status (400/404 → InvalidRequest, 401 → Authentication, 402 → Card, …),
// so a wrong status here means the adapter under test classifies errors differently than in production.
import type { JsonObject } from './json.ts';

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export type SandboxErrorInit = {
  status: number;
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  declineCode?: string;
  /** True when the request failed validation before execution began: Stripe then stores no
   * idempotent result, so a retry with the same key is a fresh attempt. */
  validation?: boolean;
  /** Extra fields Stripe adds for some errors (e.g. `payment_intent` on card errors). */
  extra?: JsonObject;
};

export class SandboxApiError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly declineCode: string | undefined;
  readonly validation: boolean;
  readonly extra: JsonObject;

  constructor(init: SandboxErrorInit) {
    super(init.message);
    this.name = 'SandboxApiError';
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.param = init.param;
    this.declineCode = init.declineCode;
    this.validation = init.validation ?? false;
    this.extra = init.extra ?? {};
  }

  toBody(requestId: string | null): JsonObject {
    const error: JsonObject = { ...this.extra, type: this.type, message: this.message };
    if (this.code !== undefined) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replaceAll('_', '-')}`;
    }
    if (this.param !== undefined) error.param = this.param;
    if (this.declineCode !== undefined) error.decline_code = this.declineCode;
    if (requestId) error.request_log_url = `https://dashboard.stripe.com/test/logs/${requestId}?t=0`;
    return { error };
  }
}

export function invalidRequest(message: string, options: { param?: string; code?: string } = {}) {
  return new SandboxApiError({ status: 400, type: 'invalid_request_error', message, ...options });
}

/** A parameter problem found before anything was executed (see SandboxErrorInit.validation). */
export function invalidParam(message: string, param: string, code?: string) {
  return new SandboxApiError({
    status: 400,
    type: 'invalid_request_error',
    message,
    param,
    validation: true,
    ...(code === undefined ? {} : { code }),
  });
}

export function parameterUnknown(param: string, hint?: string) {
  const message = `Received unknown parameter: ${param}${hint ? `. ${hint}` : ''}`;
  return invalidParam(message, param, 'parameter_unknown');
}

export function parameterMissing(param: string, hint?: string) {
  return invalidParam(
    `Missing required param: ${param}.${hint ? ` ${hint}` : ''}`,
    param,
    'parameter_missing',
  );
}

export function resourceMissing(noun: string, id: string, param?: string) {
  return new SandboxApiError({
    status: 404,
    type: 'invalid_request_error',
    message: `No such ${noun}: '${id}'`,
    code: 'resource_missing',
    ...(param === undefined ? {} : { param }),
  });
}

export function idempotencyMismatch(key: string) {
  return new SandboxApiError({
    status: 400,
    type: 'idempotency_error',
    message:
      `Keys for idempotent requests can only be used with the same parameters they were first used with. ` +
      `Try using a key other than '${key}' if you meant to execute a different request.`,
    validation: true,
  });
}

export function idempotencyKeyInUse(key: string) {
  return new SandboxApiError({
    status: 409,
    type: 'invalid_request_error',
    code: 'idempotency_key_in_use',
    message:
      `There is currently another in-progress request using this Idempotent Key (that probably means you ` +
      `submitted twice, and the other request is still going through): ${key}. Please try again later.`,
    validation: true,
  });
}

export function authenticationError(message: string) {
  return new SandboxApiError({ status: 401, type: 'invalid_request_error', message, validation: true });
}

export function unrecognizedUrl(method: string, path: string) {
  return new SandboxApiError({
    status: 404,
    type: 'invalid_request_error',
    message:
      `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help ` +
      `at https://support.stripe.com/.`,
    validation: true,
  });
}
