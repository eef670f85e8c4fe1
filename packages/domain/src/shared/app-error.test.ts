import { describe, expect, it } from 'vitest';
import { AppError, AppErrorCode, isAppError } from './app-error.ts';
import { assertNever } from './assert-never.ts';
import { err, ok } from './result.ts';

describe('AppError', () => {
  it('carries a code and field errors', () => {
    const error = AppError.validation('amount', 'Amount must be greater than 0');
    expect(error).toBeInstanceOf(Error);
    expect(isAppError(error)).toBe(true);
    expect(error.name).toBe('AppError');
    expect(error.code).toBe(AppErrorCode.VALIDATION);
    expect(error.fieldErrors).toEqual([{ field: 'amount', message: 'Amount must be greater than 0' }]);
  });

  it('has a helper for every code', () => {
    const cause = new Error('socket hang up');
    expect(
      [
        AppError.validationErrors([]),
        AppError.notFound('Payment link'),
        AppError.conflict('x'),
        AppError.unauthenticated(),
        AppError.forbidden(),
        AppError.rateLimited(),
        AppError.providerPermanent('x'),
        AppError.providerTransient('x', cause),
        AppError.unavailable('x', cause),
        AppError.internal('x'),
      ].map((e) => e.code),
    ).toEqual(Object.values(AppErrorCode));
    expect(AppError.notFound('Payment link').message).toBe('Payment link not found');
    expect(AppError.providerTransient('x', cause).cause).toBe(cause);
    expect(isAppError(new Error('plain'))).toBe(false);
  });
});

describe('Result helpers', () => {
  it('builds both variants', () => {
    expect(ok(1)).toEqual({ ok: true, value: 1 });
    expect(ok()).toEqual({ ok: true, value: undefined });
    expect(err('nope')).toEqual({ ok: false, error: 'nope' });
  });
});

describe('assertNever', () => {
  it('throws with the unexpected value', () => {
    expect(() => assertNever('surprise' as never)).toThrow('Unexpected value: "surprise"');
  });
});
