import { AppError } from '../shared/app-error.ts';

export const MoneyErrorReason = {
  INVALID_FORMAT: 'INVALID_FORMAT',
  NEGATIVE: 'NEGATIVE',
  TOO_MANY_DECIMALS: 'TOO_MANY_DECIMALS',
  OVER_CEILING: 'OVER_CEILING',
  UNSUPPORTED_CURRENCY: 'UNSUPPORTED_CURRENCY',
  NOT_SAFE_INTEGER: 'NOT_SAFE_INTEGER',
} as const;
export type MoneyErrorReason = (typeof MoneyErrorReason)[keyof typeof MoneyErrorReason];

/** `message` is written for the person who typed the amount; `reason` is for code and tests. */
export type MoneyError = { reason: MoneyErrorReason; message: string };

export function moneyError(reason: MoneyErrorReason, message: string): MoneyError {
  return { reason, message };
}

/** Money errors always come from input, so they surface as a VALIDATION error on the input's field. */
export function moneyErrorToAppError(error: MoneyError, field: string): AppError {
  return AppError.validation(field, error.message);
}
