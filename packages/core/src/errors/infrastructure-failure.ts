import { DrizzleQueryError } from 'drizzle-orm';
import pg from 'pg';
import type { Failure } from '../providers/failure.ts';
import { sqlState } from './postgres-errors.ts';

// One place that recognises a Postgres or Redis failure. Two views of it: the sync engine's
// neutral `infrastructure` failure (retried, never a mailbox's fault) and the API's "answer
// UNAVAILABLE" test. Driver messages can carry SQL text and bound parameters (API keys,
// addresses), so neither view keeps anything of theirs beyond class names and codes.

/** Socket-level failures reaching Postgres or Redis (node's errno codes). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

// Names of ioredis / redis-errors classes (not a dependency of ours to import from).
const REDIS_ERROR_NAMES = new Set([
  'RedisError',
  'ReplyError',
  'AbortError',
  'InterruptError',
  'ParserError',
  'MaxRetriesPerRequestError',
]);

// node-postgres and ioredis report a lost connection with plain Errors and no code.
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error/,
  /^Cannot use a pool after calling end/,
  /^Connection is closed\.?$/,
  /^Stream isn't writeable/,
  /^Reached the max retries per request limit/,
  // ioredis' commandTimeout (CALSYNC_REDIS_COMMAND_TIMEOUT_MS): a command queued while Redis is away.
  /^Command timed out$/,
];

/**
 * SQLSTATE classes that mean "the database is not there right now", not "this query is
 * wrong": 08 connection exception, 53 insufficient resources, 57P01–57P05 shutdown and
 * cannot-connect-now, 57014 query cancelled (statement_timeout).
 */
function isUnavailableSqlState(state: string): boolean {
  return state.startsWith('08') || state.startsWith('53') || /^57P0[1-5]$/.test(state) || state === '57014';
}

function* causes(error: unknown): Generator<unknown> {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** A lost or refused connection to Postgres or Redis somewhere in the cause chain. */
function isConnectionFailure(current: unknown): boolean {
  if (!(current instanceof Error)) return false;
  const code = (current as { code?: unknown }).code;
  return (
    REDIS_ERROR_NAMES.has(current.name) ||
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    DRIVER_MESSAGES.some((pattern) => pattern.test(current.message))
  );
}

/** True when a Postgres or Redis connection, not the request, is why this failed (API view). */
export function isInfrastructureFailure(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined && isUnavailableSqlState(state)) return true;
  for (const current of causes(error)) if (isConnectionFailure(current)) return true;
  return false;
}

/**
 * A Postgres or Redis failure as the sync engine's neutral `infrastructure` kind, or null when
 * `error` is not one. Inside a sync any database error (not only an outage) is retried: Graph and
 * token errors arrive already wrapped, so what is left came from our own storage.
 */
export function classifyInfrastructureError(error: unknown): Failure | null {
  let failedQuery = false;
  for (const current of causes(error)) {
    if (current instanceof pg.DatabaseError) return databaseFailure(current.code);
    if (current instanceof DrizzleQueryError) failedQuery = true;
    else if (isConnectionFailure(current))
      return {
        kind: 'infrastructure',
        code: 'InfrastructureUnavailable',
        message: 'the database or Redis could not be reached during the sync; it will be retried',
      };
  }
  return failedQuery ? databaseFailure(undefined) : null;
}

function databaseFailure(state: string | undefined): Failure {
  return {
    kind: 'infrastructure',
    code: state ? `Postgres${state}` : 'PostgresError',
    message: 'the database failed during the sync; it will be retried',
  };
}

/**
 * What may be logged about an infrastructure failure: error class names and codes only.
 * Driver messages carry the failed SQL with its parameters (drizzle's "Failed query: …
 * params: …"), which can hold key prefixes and other caller input.
 */
export function describeInfrastructureFailure(error: unknown): { errors: string[]; code?: string } {
  const errors: string[] = [];
  let code: string | undefined;
  for (const current of causes(error)) {
    errors.push(current instanceof Error ? current.constructor.name : typeof current);
    const own = (current as { code?: unknown }).code;
    if (code === undefined && typeof own === 'string') code = own;
  }
  return code === undefined ? { errors } : { errors, code };
}
