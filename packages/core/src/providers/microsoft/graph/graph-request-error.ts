/** Codes the client itself assigns when no HTTP response (or no usable body) came back. */
export type GraphTransportCode = 'NetworkError' | 'Timeout' | 'InvalidJson';

export interface GraphRequestErrorInit {
  status: number;
  code: string;
  message: string;
  requestId?: string | undefined;
  retryAfterMs?: number | undefined;
  innerCode?: string | undefined;
}

/**
 * A failed Graph call. `status` 0 means no HTTP response (network, timeout) or
 * an unreadable body. Holds only what Graph returned plus our own request id:
 * never the access token, so it is safe to log and store.
 */
export class GraphRequestError extends Error {
  override readonly name = 'GraphRequestError';
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly innerCode: string | undefined;

  constructor(init: GraphRequestErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.innerCode = init.innerCode;
  }
}

export function isGraphRequestError(err: unknown): err is GraphRequestError {
  return err instanceof GraphRequestError;
}

/**
 * Retry-After is seconds (Graph sends fractional values such as `2.128`) or an
 * HTTP date. Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
