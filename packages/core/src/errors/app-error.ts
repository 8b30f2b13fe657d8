/** Client-visible error codes (public contract, docs/architecture.md "Public API"). Closed set: add here, map at the edges. */
export const APP_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'UPSTREAM_UNAVAILABLE',
  /** A change-feed cursor older than the retention window; `oldestCursor` says where reading can resume. */
  'CURSOR_EXPIRED',
  /** Our own infrastructure (Postgres, Redis) failed; retrying later may succeed. */
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

const APP_ERROR_CODE_SET: ReadonlySet<string> = new Set(APP_ERROR_CODES);

export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === 'string' && APP_ERROR_CODE_SET.has(value);
}

/**
 * The one error type core throws for outcomes a client should see. `message` must be safe
 * to show (no secrets, SQL or stack); `details` carries structured hints such as the field.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);

export const badInput = (field: string, message: string, extra: Record<string, unknown> = {}): AppError =>
  new AppError('BAD_USER_INPUT', `${field}: ${message}`, { field, ...extra });

export const forbidden = (message: string): AppError => new AppError('FORBIDDEN', message);

export const conflict = (message: string, extra: Record<string, unknown> = {}): AppError =>
  new AppError('CONFLICT', message, extra);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
