import { DrizzleQueryError } from 'drizzle-orm';
import pg from 'pg';
import type { Failure } from '../providers/failure.ts';

// Names of ioredis / redis-errors classes (not a dependency of ours to import from).
const REDIS_ERROR_NAMES = new Set([
  'RedisError',
  'ReplyError',
  'AbortError',
  'InterruptError',
  'ParserError',
  'MaxRetriesPerRequestError',
]);
// Socket-level codes: in the sync path, Graph and token errors arrive already wrapped, so a bare one
// comes from the pg or ioredis connection.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
// pg and ioredis raise these as plain Errors without a code.
const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error/,
  /^Cannot use a pool after calling end/,
  /^Connection is closed\.?$/,
  /^Stream isn't writeable/,
];

/**
 * A Postgres or Redis failure as the neutral `infrastructure` kind, or null when `error` is not
 * one. The message is ours: driver messages can carry SQL text and bound parameters (API keys,
 * addresses), so nothing of theirs is kept beyond the SQLSTATE.
 */
export function classifyInfrastructureError(error: unknown): Failure | null {
  let failedQuery = false;
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    if (current instanceof pg.DatabaseError) return databaseFailure(current.code);
    const code = (current as { code?: unknown }).code;
    if (current instanceof DrizzleQueryError) failedQuery = true;
    else if (
      REDIS_ERROR_NAMES.has(current.name) ||
      (typeof code === 'string' && SOCKET_CODES.has(code)) ||
      CONNECTION_MESSAGES.some((pattern) => pattern.test((current as Error).message))
    )
      return {
        kind: 'infrastructure',
        code: 'InfrastructureUnavailable',
        message: 'the database or Redis could not be reached during the sync; it will be retried',
      };
    current = current.cause;
  }
  return failedQuery ? databaseFailure(undefined) : null;
}

function databaseFailure(sqlState: string | undefined): Failure {
  return {
    kind: 'infrastructure',
    code: sqlState ? `Postgres${sqlState}` : 'PostgresError',
    message: 'the database failed during the sync; it will be retried',
  };
}
