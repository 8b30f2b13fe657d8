import { sqlState } from './postgres-errors.ts';

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

/**
 * SQLSTATE classes that mean "the database is not there right now", not "this query is
 * wrong": 08 connection exception, 53 insufficient resources, 57P01–57P05 shutdown and
 * cannot-connect-now, 57014 query cancelled (statement_timeout).
 */
function isUnavailableSqlState(state: string): boolean {
  return state.startsWith('08') || state.startsWith('53') || /^57P0[1-5]$/.test(state) || state === '57014';
}

// node-postgres and ioredis report a lost connection with plain Errors and no code.
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
  /^Connection is closed\.$/,
  /^Reached the max retries per request limit/,
];

function* causes(error: unknown): Generator<unknown> {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** True when a Postgres or Redis connection, not the request, is why this failed. */
export function isInfrastructureFailure(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined && isUnavailableSqlState(state)) return true;
  for (const current of causes(error)) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
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
