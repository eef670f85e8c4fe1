// Expected failures (bad input, a state that forbids an action, a provider saying no) are values, not
// exceptions: callers must handle them, and the type checker makes sure they do.
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export function ok(): Result<void, never>;
export function ok<T>(value: T): Result<T, never>;
export function ok<T>(value?: T): Result<T | undefined, never> {
  return { ok: true, value };
}

export function err<E>(error: E): Result<never, E> {
  return { ok: false, error };
}
