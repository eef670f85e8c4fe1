// The closed set of failures the application reports. Each layer maps its own failures onto one of
// these, so the API can turn any of them into a response without knowing where it came from.
export const AppErrorCode = {
  /** Input is malformed or breaks a rule (a negative amount, an unknown currency). Thrown or returned
   * while validating a request; carries fieldErrors. The API answers 422 (400 for unparseable bodies);
   * the caller fixes the input — retrying unchanged will fail again. */
  VALIDATION: 'VALIDATION',
  /** The entity does not exist, OR it belongs to another tenant: the two are indistinguishable on
   * purpose so ids cannot be probed across organizations. The API answers 404. */
  NOT_FOUND: 'NOT_FOUND',
  /** The entity exists but its current state forbids the operation (cancel a paid link, pay an
   * expired one). The API answers 409; the caller re-reads the entity before deciding what to do. */
  CONFLICT: 'CONFLICT',
  /** No valid credential (missing/expired session, unknown API key). The API answers 401; the
   * client signs in again. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** Authenticated, but the role lacks the permission. The API answers 403; retrying won't help. */
  FORBIDDEN: 'FORBIDDEN',
  /** Too many requests from this caller. The API answers 429 (with Retry-After when known); the
   * client backs off. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Stripe/SendGrid/Twilio rejected the request for a reason that will not go away (card declined,
   * invalid phone number). The API answers 422 when the user's input caused it, 502 otherwise; jobs
   * must NOT retry. */
  PROVIDER_PERMANENT: 'PROVIDER_PERMANENT',
  /** A provider timed out, rate-limited us or returned 5xx. The API answers 503; jobs retry with
   * backoff, relying on idempotency keys so a retry cannot double-charge or double-send. */
  PROVIDER_TRANSIENT: 'PROVIDER_TRANSIENT',
  /** Something of our own that every request needs is unreachable for now — the database refused
   * or dropped the connection, or is starting, shutting down or out of connections. Raised at the
   * boundary (the API's error mapping recognises connection failures; code may also throw it). The
   * API answers 503 with Retry-After and a message without detail, the pages say "try again in a
   * minute", webhook providers retry their delivery, jobs retry with backoff; nothing was changed,
   * so the caller repeats the same request later. Recovery needs no action: the pool reconnects. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** A bug or a broken invariant. The API answers 500 without details and the error is logged. */
  INTERNAL: 'INTERNAL',
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export type FieldError = { field: string; message: string };

export class AppError extends Error {
  override name = 'AppError';
  readonly code: AppErrorCode;
  readonly fieldErrors: FieldError[];

  constructor(
    code: AppErrorCode,
    message: string,
    options: { fieldErrors?: FieldError[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fieldErrors = options.fieldErrors ?? [];
  }

  static validation(field: string, message: string): AppError {
    return new AppError(AppErrorCode.VALIDATION, message, { fieldErrors: [{ field, message }] });
  }

  /** One error for a whole request, so a form can show every problem at once. */
  static validationErrors(fieldErrors: FieldError[], message = 'The request is invalid'): AppError {
    return new AppError(AppErrorCode.VALIDATION, message, { fieldErrors });
  }

  /** Deliberately says nothing about whether the entity exists in another tenant. */
  static notFound(entity: string): AppError {
    return new AppError(AppErrorCode.NOT_FOUND, `${entity} not found`);
  }

  static conflict(message: string): AppError {
    return new AppError(AppErrorCode.CONFLICT, message);
  }

  static unauthenticated(message = 'Authentication required'): AppError {
    return new AppError(AppErrorCode.UNAUTHENTICATED, message);
  }

  static forbidden(message = 'You do not have permission to do this'): AppError {
    return new AppError(AppErrorCode.FORBIDDEN, message);
  }

  static rateLimited(message = 'Too many requests'): AppError {
    return new AppError(AppErrorCode.RATE_LIMITED, message);
  }

  static providerPermanent(message: string, cause?: unknown): AppError {
    return new AppError(AppErrorCode.PROVIDER_PERMANENT, message, { cause });
  }

  static providerTransient(message: string, cause?: unknown): AppError {
    return new AppError(AppErrorCode.PROVIDER_TRANSIENT, message, { cause });
  }

  static unavailable(message: string, cause?: unknown): AppError {
    return new AppError(AppErrorCode.UNAVAILABLE, message, { cause });
  }

  static internal(message: string, cause?: unknown): AppError {
    return new AppError(AppErrorCode.INTERNAL, message, { cause });
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
