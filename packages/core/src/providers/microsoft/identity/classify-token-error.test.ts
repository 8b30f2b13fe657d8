import { AuthError, ClientAuthError, ClientConfigurationError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { classifyTokenError } from './classify-token-error.ts';

// Built exactly as msal's ResponseHandler does: (error, correlation_id, errString, suberror, error_codes[0], status).
const serverError = (error: string, code: number | undefined, status: number | undefined) =>
  new ServerError(
    error,
    'corr-1',
    `Error(s): ${code} - Description: AADSTS${code}: text Microsoft may change`,
    '',
    code as unknown as string,
    status,
  );

describe('classifyTokenError', () => {
  it.each([
    ['invalid_client', 7000215, 401, 'invalid-secret'],
    ['invalid_client', 7000222, 401, 'expired-secret'],
    ['invalid_tenant', 90002, 400, 'tenant-not-found'],
    ['invalid_request', 90002, 400, 'tenant-not-found'],
    ['unauthorized_client', 700016, 400, 'app-not-found'],
    ['unauthorized_client', 7000112, 400, 'app-disabled'],
    ['invalid_scope', 1002012, 400, 'invalid-scope'],
    ['invalid_scope', 70011, 400, 'invalid-scope'],
    ['invalid_resource', 500011, 400, 'invalid-resource'],
    ['invalid_client', 700027, 401, 'certificate-rejected'],
    ['invalid_client', 700024, 401, 'assertion-expired'],
    ['invalid_client', 7000229, 401, 'service-principal-missing'],
    ['interaction_required', 53003, 400, 'conditional-access'],
    ['invalid_client', 7000299, 401, 'client-rejected'],
    ['unauthorized_client', 700099, 400, 'client-unauthorized'],
  ] as const)('%s / AADSTS%i / HTTP %i → %s', (error, code, status, kind) => {
    const failure = classifyTokenError(serverError(error, code, status));
    expect(failure).toMatchObject({
      kind,
      aadstsCode: code,
      httpStatus: status,
      msalErrorCode: error,
      correlationId: 'corr-1',
    });
    expect(failure.message).toContain(`AADSTS${code}`);
    expect(failure.message).not.toContain('text Microsoft may change');
  });

  it('accepts errorNo as a numeric string', () => {
    expect(classifyTokenError(new ServerError('invalid_client', 'c', 'm', '', '7000215', 401))).toMatchObject(
      { kind: 'invalid-secret', aadstsCode: 7000215 },
    );
  });

  it('treats 429 and 5xx from the token endpoint as throttled with a retry delay', () => {
    expect(classifyTokenError(serverError('temporarily_unavailable', 90055, 429))).toMatchObject({
      kind: 'throttled',
      retryAfterMs: 60_000,
    });
    expect(classifyTokenError(serverError('server_error', 50033, 503))).toMatchObject({
      kind: 'throttled',
      httpStatus: 503,
    });
    expect(classifyTokenError(serverError('', undefined, 500))).toMatchObject({ kind: 'throttled' });
  });

  it("recognises msal's local throttle refusal (codes joined in errorCode, no status)", () => {
    expect(classifyTokenError(new ServerError('50196 90055', 'c', 'm', ''))).toMatchObject({
      kind: 'throttled',
      aadstsCode: 50196,
    });
    expect(classifyTokenError(new ServerError('', 'c', 'm', ''))).toMatchObject({ kind: 'throttled' });
  });

  it('maps transport and discovery failures to network', () => {
    expect(classifyTokenError(new ClientAuthError('network_error', 'c'))).toMatchObject({
      kind: 'network',
      msalErrorCode: 'network_error',
    });
    expect(classifyTokenError(new ClientAuthError('endpoints_resolution_error', 'c'))).toMatchObject({
      kind: 'network',
    });
    expect(classifyTokenError(new ClientConfigurationError('untrusted_authority', 'c'))).toMatchObject({
      kind: 'network',
    });
  });

  it('falls back on the OAuth error and otherwise says unknown', () => {
    expect(classifyTokenError(serverError('invalid_tenant', undefined, 400))).toMatchObject({
      kind: 'tenant-not-found',
    });
    // An AADSTS number calsync does not know still tells a credential problem through its OAuth error.
    expect(classifyTokenError(serverError('invalid_client', 7009999, 401))).toMatchObject({
      kind: 'client-rejected',
      aadstsCode: 7009999,
    });
    expect(classifyTokenError(serverError('server_error', 7009998, 400))).toMatchObject({ kind: 'unknown' });
    expect(classifyTokenError(new AuthError('something_else', 'c'))).toMatchObject({ kind: 'unknown' });
    expect(classifyTokenError(new Error('boom'))).toMatchObject({ kind: 'unknown' });
    expect(classifyTokenError(undefined)).toMatchObject({ kind: 'unknown' });
  });
});
