import type { FastifyBaseLogger } from 'fastify';

type ChildArguments = Parameters<FastifyBaseLogger['child']>;

/**
 * The request's child logger. Fastify always passes an options object, which sends pino down the
 * path that rebuilds the child's formatters and copies its serializers: measurable on every request
 * of a busy API (bench/query.ts). With no option set, pino's plain `child(bindings)` gives the same
 * logger (same level, serializers, redaction) without that work.
 */
export function requestChildLogger(
  logger: FastifyBaseLogger,
  bindings: ChildArguments[0],
  options: NonNullable<ChildArguments[1]>,
): FastifyBaseLogger {
  for (const key in options) {
    if (Object.hasOwn(options, key)) return logger.child(bindings, options);
  }
  return logger.child(bindings);
}
