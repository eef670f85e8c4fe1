// The one mapping from application errors to transport errors. 5xx responses never carry detail.
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { AppError, AppErrorCode, assertNever, type FieldError } from '@clinicpay/domain';

export function trpcCodeFor(code: AppErrorCode): TRPC_ERROR_CODE_KEY {
  switch (code) {
    case AppErrorCode.VALIDATION:
      return 'UNPROCESSABLE_CONTENT';
    case AppErrorCode.NOT_FOUND:
      return 'NOT_FOUND';
    case AppErrorCode.CONFLICT:
      return 'CONFLICT';
    case AppErrorCode.UNAUTHENTICATED:
      return 'UNAUTHORIZED';
    case AppErrorCode.FORBIDDEN:
      return 'FORBIDDEN';
    case AppErrorCode.RATE_LIMITED:
      return 'TOO_MANY_REQUESTS';
    case AppErrorCode.PROVIDER_PERMANENT:
      return 'UNPROCESSABLE_CONTENT';
    case AppErrorCode.PROVIDER_TRANSIENT:
      return 'SERVICE_UNAVAILABLE';
    case AppErrorCode.UNAVAILABLE:
      return 'SERVICE_UNAVAILABLE';
    case AppErrorCode.INTERNAL:
      return 'INTERNAL_SERVER_ERROR';
    default:
      return assertNever(code);
  }
}

export function httpStatusFor(code: AppErrorCode): number {
  switch (code) {
    case AppErrorCode.VALIDATION:
      return 422;
    case AppErrorCode.NOT_FOUND:
      return 404;
    case AppErrorCode.CONFLICT:
      return 409;
    case AppErrorCode.UNAUTHENTICATED:
      return 401;
    case AppErrorCode.FORBIDDEN:
      return 403;
    case AppErrorCode.RATE_LIMITED:
      return 429;
    case AppErrorCode.PROVIDER_PERMANENT:
      return 422;
    case AppErrorCode.PROVIDER_TRANSIENT:
      return 503;
    case AppErrorCode.UNAVAILABLE:
      return 503;
    case AppErrorCode.INTERNAL:
      return 500;
    default:
      return assertNever(code);
  }
}

/**
 * Seconds a client should wait before repeating the request (the Retry-After header), for the
 * codes that mean "later, unchanged": the database is back within moments of a restart, and a
 * provider's hiccup rarely lasts longer. Null where waiting is not the answer.
 */
export function retryAfterSecondsFor(code: AppErrorCode): number | null {
  switch (code) {
    case AppErrorCode.UNAVAILABLE:
    case AppErrorCode.PROVIDER_TRANSIENT:
      return 5;
    case AppErrorCode.VALIDATION:
    case AppErrorCode.NOT_FOUND:
    case AppErrorCode.CONFLICT:
    case AppErrorCode.UNAUTHENTICATED:
    case AppErrorCode.FORBIDDEN:
    case AppErrorCode.RATE_LIMITED:
    case AppErrorCode.PROVIDER_PERMANENT:
    case AppErrorCode.INTERNAL:
      return null;
    default:
      return assertNever(code);
  }
}

// Node's socket errors, as pg raises them when the server can't be reached or drops the connection.
const CONNECTION_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);
// PostgreSQL's SQLSTATEs for "not now": class 08 (connection exception) is matched as a class.
const UNAVAILABLE_SQLSTATE = new Set([
  '57P01', // admin_shutdown: the server is stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
]);
// pg and pg-pool say these in words only (no code).
const CONNECTION_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended)/;

/**
 * True when `error` (or what caused it) means the database could not be reached or dropped the
 * connection — a failure of the moment, not of the request. Recognised by shape (Node's errno
 * codes, PostgreSQL's SQLSTATE, which pg and MikroORM's DriverException carry as `code`), so this
 * mapping needs no database library.
 */
export function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    if (CONNECTION_ERRNO.has(code) || UNAVAILABLE_SQLSTATE.has(code) || /^08[0-9A-Z]{3}$/.test(code))
      return true;
  }
  if (typeof message === 'string' && CONNECTION_MESSAGE.test(message)) return true;
  // Node reports a refused connection to every address of a name as one AggregateError.
  if (Array.isArray(errors) && errors.some((e) => isConnectionFailure(e, depth + 1))) return true;
  return isConnectionFailure(cause, depth + 1);
}

/** Turns an expected failure into the error tRPC sends; the AppError rides along as the cause. */
export function toTrpcError(error: AppError): TRPCError {
  return new TRPCError({ code: trpcCodeFor(error.code), message: error.message, cause: error });
}

const TRPC_TO_APP: Partial<Record<TRPC_ERROR_CODE_KEY, AppErrorCode>> = {
  BAD_REQUEST: AppErrorCode.VALIDATION,
  PARSE_ERROR: AppErrorCode.VALIDATION,
  UNPROCESSABLE_CONTENT: AppErrorCode.VALIDATION,
  NOT_FOUND: AppErrorCode.NOT_FOUND,
  CONFLICT: AppErrorCode.CONFLICT,
  UNAUTHORIZED: AppErrorCode.UNAUTHENTICATED,
  FORBIDDEN: AppErrorCode.FORBIDDEN,
  TOO_MANY_REQUESTS: AppErrorCode.RATE_LIMITED,
  SERVICE_UNAVAILABLE: AppErrorCode.PROVIDER_TRANSIENT,
};

const UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable; try again shortly';

type ZodLikeIssue = { path: PropertyKey[]; message: string };

function fieldName(path: PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** The public shape of any error: a code, a message safe to show, and per-field problems. */
export function describeError(error: unknown): {
  code: AppErrorCode;
  message: string;
  fieldErrors: FieldError[];
} {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (
    (cause instanceof AppError && cause.code === AppErrorCode.UNAVAILABLE) ||
    (!(cause instanceof AppError) && isConnectionFailure(cause))
  ) {
    // A 5xx: what exactly could not be reached stays in the logs.
    return { code: AppErrorCode.UNAVAILABLE, message: UNAVAILABLE_MESSAGE, fieldErrors: [] };
  }
  if (cause instanceof AppError) {
    return {
      code: cause.code,
      message: cause.code === AppErrorCode.INTERNAL ? 'Internal error' : cause.message,
      fieldErrors: cause.fieldErrors,
    };
  }
  const issues = (cause as { issues?: ZodLikeIssue[] } | undefined)?.issues;
  if (Array.isArray(issues)) {
    const fieldErrors = issues.map((issue) => ({
      field: fieldName(issue.path) || 'body',
      message: issue.message,
    }));
    return { code: AppErrorCode.VALIDATION, message: 'The request is invalid', fieldErrors };
  }
  if (error instanceof TRPCError) {
    const code = TRPC_TO_APP[error.code] ?? AppErrorCode.INTERNAL;
    return {
      code,
      message: code === AppErrorCode.INTERNAL ? 'Internal error' : error.message,
      fieldErrors: [],
    };
  }
  return { code: AppErrorCode.INTERNAL, message: 'Internal error', fieldErrors: [] };
}
