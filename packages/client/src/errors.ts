/** Codes the API puts in `extensions.code` (the contract's error codes). */
// The API's closed set (core's APP_ERROR_CODES, which a test compares): copied because the SDK
// ships without any server package.
export const SERVER_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'UPSTREAM_UNAVAILABLE',
  'CURSOR_EXPIRED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

/**
 * NETWORK: the API could not be reached. UNEXPECTED_RESPONSE: it answered something that is not
 * a GraphQL response (a proxy's error page, a wrong URL).
 */
export type ErrorCode = ServerErrorCode | 'NETWORK' | 'UNEXPECTED_RESPONSE';

export interface GraphQLErrorShape {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** One failed operation; `code` is the first error's `extensions.code`, narrowed to the contract. */
export class CalsyncError extends Error {
  override readonly name = 'CalsyncError';
  readonly code: ErrorCode;
  readonly errors: readonly GraphQLErrorShape[];
  /** HTTP status when the error came from an HTTP response. */
  readonly status: number | undefined;

  constructor(code: ErrorCode, message: string, errors: readonly GraphQLErrorShape[] = [], status?: number) {
    super(message);
    this.code = code;
    this.errors = errors;
    this.status = status;
  }

  /** Seconds to wait before retrying, for RATE_LIMITED. */
  get retryAfterSeconds(): number | undefined {
    const value = this.errors[0]?.extensions?.retryAfterSeconds;
    return typeof value === 'number' ? value : undefined;
  }

  static fromGraphQLErrors(errors: readonly GraphQLErrorShape[], status?: number): CalsyncError {
    const first = errors[0];
    const declared = first?.extensions?.code;
    const code: ErrorCode = isServerErrorCode(declared) ? declared : 'UNEXPECTED_RESPONSE';
    const message = errors.map((e) => e.message).join('; ') || 'The API returned an error without a message';
    return new CalsyncError(code, message, errors, status);
  }
}

function isServerErrorCode(value: unknown): value is ServerErrorCode {
  return typeof value === 'string' && (SERVER_ERROR_CODES as readonly string[]).includes(value);
}

/** `isCalsyncError(e, 'NOT_FOUND')` narrows an unknown catch value. */
export function isCalsyncError(error: unknown, code?: ErrorCode): error is CalsyncError {
  return error instanceof CalsyncError && (code === undefined || error.code === code);
}
