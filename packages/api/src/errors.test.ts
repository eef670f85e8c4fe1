// The one error mapping's view of failures that mean "not now": connection failures as pg, pg-pool
// and MikroORM raise them become UNAVAILABLE (503, Retry-After, no detail); a failing query does not.
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { AppError } from '@clinicpay/domain';
import { describeError, httpStatusFor, isConnectionFailure, retryAfterSecondsFor } from './errors.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isConnectionFailure', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a connect timeout', withCode('connect ETIMEDOUT', 'ETIMEDOUT')],
    ['an unknown host', withCode('getaddrinfo ENOTFOUND db', 'ENOTFOUND')],
    [
      'the server shutting down (57P01)',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    ['the server starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300')],
    ['a connection exception (08006)', withCode('connection failure', '08006')],
    ['pg losing the connection', new Error('Connection terminated unexpectedly')],
    ['pg-pool timing out', new Error('timeout exceeded when trying to connect')],
    ['a broken client', new Error('Client has encountered a connection error and is not queryable')],
    [
      'every address refused (AggregateError)',
      Object.assign(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), {
        code: 'ECONNREFUSED',
      }),
    ],
    ['a wrapped cause', new Error('query failed', { cause: withCode('read ECONNRESET', 'ECONNRESET') })],
  ])('recognises %s', (_label, error) => {
    expect(isConnectionFailure(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near "x"', '42601')],
    ['a serialization failure', withCode('could not serialize access', '40001')],
    ['a plain error', new Error('boom')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('leaves %s alone', (_label, error) => {
    expect(isConnectionFailure(error)).toBe(false);
  });
});

describe('describeError', () => {
  it('maps a connection failure, bare or inside a tRPC error, to UNAVAILABLE without detail', () => {
    const cause = withCode('connect ECONNREFUSED 10.0.0.5:5432', 'ECONNREFUSED');
    for (const error of [cause, new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause })]) {
      expect(describeError(error)).toEqual({
        code: 'UNAVAILABLE',
        message: 'The service is temporarily unavailable; try again shortly',
        fieldErrors: [],
      });
    }
    expect(describeError(AppError.unavailable('pool exhausted on db-2')).message).not.toContain('db-2');
    expect(httpStatusFor('UNAVAILABLE')).toBe(503);
    expect(retryAfterSecondsFor('UNAVAILABLE')).toBe(5);
  });

  it('keeps an application error what it is, even with a connection failure as its cause', () => {
    const error = AppError.providerTransient(
      'Stripe did not answer',
      withCode('read ECONNRESET', 'ECONNRESET'),
    );
    expect(describeError(error).code).toBe('PROVIDER_TRANSIENT');
    expect(describeError(withCode('duplicate key', '23505'))).toMatchObject({ code: 'INTERNAL' });
    expect(retryAfterSecondsFor('INTERNAL')).toBeNull();
  });
});
