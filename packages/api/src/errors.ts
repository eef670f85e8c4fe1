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
    case AppErrorCode.INTERNAL:
      return 500;
    default:
      return assertNever(code);
  }
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
