import { randomUUID } from 'node:crypto';
import type { HttpResult } from '../http/types.ts';

/** Formats an instant the way Entra does in error bodies: `2016-01-09 02:02:12Z`. */
export function formatAadTimestamp(at: Date): string {
  return at
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Builds an Entra token-endpoint error (docs/microsoft-graph.md §1.3): AADSTS text plus trace/correlation/timestamp. */
export function aadError(input: {
  status: number;
  error: string;
  code: number;
  message: string;
  now: Date;
  correlationId?: string | undefined;
  headers?: Record<string, string> | undefined;
  /** Extra top-level fields some errors carry, e.g. `suberror`. */
  extra?: Record<string, string> | undefined;
}): HttpResult {
  const traceId = randomUUID();
  const correlationId = input.correlationId ?? randomUUID();
  const timestamp = formatAadTimestamp(input.now);
  return {
    status: input.status,
    headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache', ...input.headers },
    json: {
      error: input.error,
      error_description: `AADSTS${input.code}: ${input.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [input.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${input.code}`,
      ...input.extra,
    },
  };
}
