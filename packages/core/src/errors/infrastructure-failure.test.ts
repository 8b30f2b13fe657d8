import { DrizzleQueryError } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { classifyInfrastructureError } from './infrastructure-failure.ts';

function pgError(code: string, message: string): pg.DatabaseError {
  const err = new pg.DatabaseError(message, message.length, 'error');
  err.code = code;
  return err;
}

describe('classifyInfrastructureError', () => {
  it('a failed query is infrastructure and keeps only the SQLSTATE, never SQL or parameters', () => {
    const wrapped = new DrizzleQueryError(
      'select * from calsync_find_api_key($1)',
      ['csk_secret'],
      pgError('57P01', 'terminating connection due to administrator command'),
    );
    const failure = classifyInfrastructureError(wrapped);
    expect(failure).toEqual({
      kind: 'infrastructure',
      code: 'Postgres57P01',
      message: 'the database failed during the sync; it will be retried',
    });
    expect(JSON.stringify(failure)).not.toMatch(/select|csk_|administrator/);
  });

  it('lost connections to Postgres or Redis are infrastructure', () => {
    const terminated = new DrizzleQueryError(
      'update mailboxes set x = $1',
      ['a'],
      new Error('Connection terminated unexpectedly'),
    );
    expect(classifyInfrastructureError(terminated)).toMatchObject({ kind: 'infrastructure' });
    expect(classifyInfrastructureError(new Error('Connection is closed.'))).toMatchObject({
      kind: 'infrastructure',
      code: 'InfrastructureUnavailable',
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    expect(classifyInfrastructureError(refused)).toMatchObject({ kind: 'infrastructure' });
    const maxRetries = new Error('Reached the max retries per request limit');
    Object.defineProperty(maxRetries, 'name', { value: 'MaxRetriesPerRequestError' });
    expect(classifyInfrastructureError(maxRetries)).toMatchObject({ kind: 'infrastructure' });
    // ioredis' commandTimeout (CALSYNC_REDIS_COMMAND_TIMEOUT_MS) while Redis is unreachable.
    expect(classifyInfrastructureError(new Error('Command timed out'))).toMatchObject({
      kind: 'infrastructure',
    });
  });

  it('leaves other errors to the provider', () => {
    expect(classifyInfrastructureError(new TypeError('boom'))).toBeNull();
    expect(classifyInfrastructureError('text')).toBeNull();
  });
});
