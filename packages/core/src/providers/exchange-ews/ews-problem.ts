import type { EwsErrorValues } from './read-envelope.ts';

/**
 * Anything that went wrong on one EWS call, in one shape for the classifier: an HTTP-level answer (401, 503,
 * a 302 to the error page), a SOAP fault, a per-message error, a transport failure (DNS, TLS, refused,
 * timeout) or a response that is not EWS XML. Never carries credentials.
 */
export interface EwsProblem {
  source: 'http' | 'fault' | 'message' | 'transport' | 'malformed';
  /** EWS ResponseCode, `HTTP <status>`, or a Node error code (ENOTFOUND, CERT_HAS_EXPIRED, ETIMEDOUT…). */
  code: string;
  message: string;
  values: EwsErrorValues;
  /** HTTP status when there was a response. */
  status: number | null;
}

export const problem = (
  source: EwsProblem['source'],
  code: string,
  message: string,
  extra: { values?: EwsErrorValues; status?: number | null } = {},
): EwsProblem => ({ source, code, message, values: extra.values ?? {}, status: extra.status ?? null });
