import type { FastifyBaseLogger } from 'fastify';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { formatGraphQLError } from './format-error.ts';

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
