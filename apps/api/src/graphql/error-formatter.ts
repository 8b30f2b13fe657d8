import type { FastifyBaseLogger } from 'fastify';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import {
  describeInfrastructureFailure,
  isAppError,
  isAppErrorCode,
  isInfrastructureFailure,
} from '@calsync/core';
import { tokenLimitError } from './limits/parser-limits.ts';
import { redactInputEcho } from './redact-input-echo.ts';

const UNAVAILABLE_MESSAGE = 'the service is temporarily unavailable; retry shortly';

/**
 * Maps any error to a client-safe GraphQL error with `extensions.code` from the contract.
 * Unexpected errors become INTERNAL with a generic message; the real one goes to the log.
 */
function formatGraphQLError(error: GraphQLError, log: FastifyBaseLogger): GraphQLFormattedError {
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
  if (isAppErrorCode(declared)) {
    return { ...base, extensions: { ...error.extensions, code: declared } };
  }
  const inner = original instanceof GraphQLError ? original : undefined;
  if (inner && isAppErrorCode(inner.extensions?.code)) {
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

type FailedExecution = ExecutionResult & { statusCode?: number; errors: readonly GraphQLError[] };

/** mercurius wraps validation failures in one error whose originalError holds the list. */
function flatten(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.flatMap((error) => {
    const nested = (error.originalError as { errors?: unknown } | undefined)?.errors;
    if (Array.isArray(nested)) {
      return nested.map((e: unknown) =>
        e instanceof GraphQLError ? e : new GraphQLError(e instanceof Error ? e.message : String(e)),
      );
    }
    return [error];
  });
}

/** Status follows mercurius/GraphQL-over-HTTP: 200 with data; otherwise the error's own status or 200. */
export function createErrorFormatter(log: FastifyBaseLogger) {
  return (execution: FailedExecution) => {
    const errors = flatten(execution.errors).map((e) => formatGraphQLError(e, log));
    const only = execution.errors.length === 1 ? execution.errors[0]?.originalError : undefined;
    const ownStatus = (only as { statusCode?: unknown } | undefined)?.statusCode;
    const unavailable = errors.some((e) => e.extensions?.code === 'UNAVAILABLE');
    const statusCode = execution.data
      ? 200
      : unavailable
        ? 503
        : (execution.statusCode ?? (typeof ownStatus === 'number' && ownStatus < 500 ? ownStatus : 200));
    return { statusCode, response: { data: execution.data ?? null, errors } };
  };
}
