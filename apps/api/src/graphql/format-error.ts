import type { FastifyBaseLogger } from 'fastify';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { describeInfrastructureFailure, isAppError, isInfrastructureFailure } from '@calsync/core';
import { tokenLimitError } from './limits/parser-limits.ts';
import { redactInputEcho } from './redact-input-echo.ts';

const KNOWN_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'UPSTREAM_UNAVAILABLE',
  'UNAVAILABLE',
  'INTERNAL',
]);

export const UNAVAILABLE_MESSAGE = 'the service is temporarily unavailable; retry shortly';

/**
 * Maps any error to a client-safe GraphQL error with `extensions.code` from the contract.
 * Unexpected errors become INTERNAL with a generic message; the real one goes to the log.
 */
export function formatGraphQLError(error: GraphQLError, log: FastifyBaseLogger): GraphQLFormattedError {
  const original: unknown = error.originalError;
  const base: {
    message: string;
    locations?: NonNullable<GraphQLFormattedError['locations']>;
    path?: NonNullable<GraphQLFormattedError['path']>;
  } = {
    message: redactInputEcho(error.message),
  };
  if (error.locations) base.locations = error.locations;
  if (error.path) base.path = error.path;
  if (isAppError(original)) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  if (isInfrastructureFailure(original)) {
    log.warn(
      { failure: describeInfrastructureFailure(original) },
      'request failed: Postgres or Redis unavailable',
    );
    return { message: UNAVAILABLE_MESSAGE, extensions: { code: 'UNAVAILABLE' } };
  }
  const declared = error.extensions?.code;
  if (typeof declared === 'string' && KNOWN_CODES.has(declared)) {
    return { ...base, extensions: { ...error.extensions, code: declared } };
  }
  const inner = original instanceof GraphQLError ? original : undefined;
  if (inner && typeof inner.extensions?.code === 'string' && KNOWN_CODES.has(inner.extensions.code)) {
    return { ...base, message: redactInputEcho(inner.message), extensions: { ...inner.extensions } };
  }
  const tokenLimit = tokenLimitError(error);
  if (tokenLimit) return { message: tokenLimit.message, extensions: { ...tokenLimit.extensions } };
  if (!original || !error.path) {
    // Parse, validation and variable-coercion errors: the client sent something wrong.
    return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
  }
  log.error({ err: original, path: error.path }, 'resolver failed');
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL' } };
}

export function formatExecutionResult(result: ExecutionResult, log: FastifyBaseLogger): ExecutionResult {
  if (!result.errors) return result;
  return { ...result, errors: result.errors.map((e) => formatGraphQLError(e, log) as GraphQLError) };
}
