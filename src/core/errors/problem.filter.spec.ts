import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS, toProblem } from './problem.filter';

function pgError(code: string, message = 'server error'): Error {
  return Object.assign(new Error(message), { code });
}

function queryFailed(driverError: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}

describe('database outages answer 503', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111 })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a pool wait timeout', new Error('timeout exceeded when trying to connect')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a server shutting down (57P01)', queryFailed(pgError('57P01', 'terminating connection due to administrator command'))],
    ['a crashed server (57P02)', queryFailed(pgError('57P02'))],
    ['a server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', queryFailed(pgError('08006'))],
    ['too many connections (53300)', pgError('53300')],
    ['an AggregateError of every address refused', new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], 'connect failed')],
    ['a transaction whose connection was lost', new QueryRunnerAlreadyReleasedError()],
    ['a manager whose transaction lost its connection', new QueryRunnerProviderAlreadyReleasedError()],
    ['a pool closed by a shutdown', new Error('Driver not Connected')],
    ['an error caused by a lost connection', new Error('query failed', { cause: new Error('Connection terminated') })],
  ])('%s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const problem = toProblem(error, 'cid', '/calls');
    expect(problem).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', title: 'Service Unavailable' });
    expect(problem.headers).toEqual({ 'retry-after': String(RETRY_AFTER_SECONDS) });
    expect(problem.detail).not.toMatch(/ECONN|127\.0\.0\.1|terminat/);
  });

  it.each([
    ['a unique violation', queryFailed(pgError('23505'))],
    ['a syntax error (a bug, not an outage)', queryFailed(pgError('42601'))],
    ['a plain error', new Error('something else')],
    ['a string', 'Connection terminated'],
    ['null', null],
  ])('%s is not an outage', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(toProblem(error, 'cid').status).not.toBe(503);
  });

  it('does not loop on a cause that refers to itself', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
