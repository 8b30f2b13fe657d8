import type { HttpResult, RequestContext } from '../http/types.ts';

/** Graph's innerError.date: UTC without offset or fraction (docs/microsoft-graph.md §4.1). */
export function formatGraphDate(at: Date): string {
  return at.toISOString().slice(0, 19);
}

/** Graph error envelope with innerError {date, request-id, client-request-id} (docs/microsoft-graph.md §4.1). */
export function graphError(
  ctx: RequestContext,
  now: Date,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): HttpResult {
  const innerError: Record<string, string> =
    status === 429
      ? {
          code: '429',
          date: formatGraphDate(now),
          message: 'Please retry after',
          'request-id': ctx.requestId,
          status: '429',
        }
      : { date: formatGraphDate(now), 'request-id': ctx.requestId };
  innerError['client-request-id'] = ctx.clientRequestId ?? ctx.requestId;
  return { status, headers, json: { error: { code, message, innerError } } };
}

/**
 * The error Graph answers for a throttled call: the documented TooManyRequests body
 * (sample graph-error-429-throttled.json) for request-rate limits, and the body tenants see for the
 * 4-concurrent-requests limit (docs/microsoft-graph.md §9.10: ApplicationThrottled / MailboxConcurrency).
 */
export function throttledError(
  ctx: RequestContext,
  now: Date,
  retryAfterSeconds: number,
  reason?: string,
): HttpResult {
  const headers = { 'retry-after': formatRetryAfter(retryAfterSeconds) };
  if (reason === 'concurrency') {
    return graphError(
      ctx,
      now,
      429,
      'ApplicationThrottled',
      'Application is over its MailboxConcurrency limit.',
      headers,
    );
  }
  return graphError(ctx, now, 429, 'TooManyRequests', 'Please retry again later.', headers);
}

export function formatRetryAfter(seconds: number): string {
  return Number.isInteger(seconds) ? String(seconds) : String(Math.round(seconds * 1000) / 1000);
}

/** Codes and messages per status for injected Graph faults (docs/microsoft-graph.md §4.2). */
export function defaultFaultError(status: number): { code: string; message: string } {
  switch (status) {
    case 429:
      return { code: 'TooManyRequests', message: 'Please retry again later.' };
    case 500:
      return { code: 'generalException', message: 'General exception while processing.' };
    case 502:
      return { code: 'BadGateway', message: 'Bad Gateway' };
    case 503:
      return { code: 'serviceNotAvailable', message: 'Service Unavailable, please try again later.' };
    case 504:
      return { code: 'UnknownError', message: 'Gateway Timeout' };
    default:
      return { code: 'UnknownError', message: `HTTP ${status}` };
  }
}
