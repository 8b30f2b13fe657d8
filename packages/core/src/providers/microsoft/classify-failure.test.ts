import { readSampleText } from '@calsync/graph-emulator/samples';
import { describe, expect, it } from 'vitest';
import {
  classifyMicrosoftFailure,
  ConsentMissingError,
  MailboxNotAddressableError,
} from './classify-failure.ts';
import { createGraphClient } from './graph/graph-http.ts';
import { TokenAcquisitionError } from './identity/token-acquisition-error.ts';
import { GraphRequestError } from './graph/graph-request-error.ts';

/** Runs a real client against a canned HTTP answer and returns the error it throws. */
async function errorFor(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const client = createGraphClient({
    baseUrl: 'https://graph.microsoft.com',
    getAccessToken: () => Promise.resolve('token'),
    fetchImpl: () =>
      Promise.resolve(
        new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } }),
      ),
  });
  return client.get('/users/room@contoso.com/calendarView/delta').then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('classifyMicrosoftFailure on the reference samples', () => {
  it.each([
    [
      'graph-error-429-throttled.json',
      429,
      { 'retry-after': '2.128' },
      { kind: 'throttled', retryAfterMs: 2128, code: 'TooManyRequests' },
    ],
    [
      'graph-error-410-syncstatenotfound.json',
      410,
      {},
      { kind: 'cursor-expired', code: 'SyncStateNotFound' },
    ],
    ['graph-error-401-token-expired.json', 401, {}, { kind: 'auth', code: 'InvalidAuthenticationToken' }],
    ['graph-error-403-access-denied.json', 403, {}, { kind: 'access-denied', code: 'ErrorAccessDenied' }],
    [
      'application-access-policy-denied.json',
      403,
      {},
      { kind: 'mailbox', reason: 'policy-denied', message: 'Access to OData is disabled.' },
    ],
    [
      'graph-error-404-invalid-user.json',
      404,
      {},
      { kind: 'mailbox', reason: 'not-found', code: 'ErrorInvalidUser' },
    ],
    ['graph-error-404-mailbox-not-enabled.json', 404, {}, { kind: 'mailbox', reason: 'not-enabled' }],
    ['graph-error-404-resource-not-found.json', 404, {}, { kind: 'unknown', code: 'ResourceNotFound' }],
    ['graph-error-501-notimplemented.json', 501, {}, { kind: 'unknown', code: 'NotImplemented' }],
    [
      'graph-error-generic.json',
      400,
      {},
      { kind: 'unknown', code: 'invalidRange', message: 'Uploaded fragment overlaps with existing data.' },
    ],
  ] as const)('%s (HTTP %i)', async (file, status, headers, expected) => {
    const failure = classifyMicrosoftFailure(await errorFor(status, readSampleText(file), headers));
    expect(failure).toMatchObject(expected);
    expect(failure.message.length).toBeGreaterThan(0);
  });
});

describe('classifyMicrosoftFailure rules', () => {
  const body = (code: string, message = 'm') => JSON.stringify({ error: { code, message } });

  it('treats 503 and 504 as throttled with Retry-After, transient without', async () => {
    expect(
      classifyMicrosoftFailure(await errorFor(503, body('serviceNotAvailable'), { 'retry-after': '7' })),
    ).toMatchObject({ kind: 'throttled', retryAfterMs: 7000 });
    expect(
      classifyMicrosoftFailure(await errorFor(504, body('GatewayTimeout'), { 'retry-after': '1' })),
    ).toMatchObject({ kind: 'throttled', retryAfterMs: 1000 });
    expect(classifyMicrosoftFailure(await errorFor(503, body('serviceNotAvailable')))).toMatchObject({
      kind: 'transient',
    });
    expect(classifyMicrosoftFailure(await errorFor(504, 'gateway timeout'))).toMatchObject({
      kind: 'transient',
      code: 'Http504',
    });
  });

  it('treats a 429 without Retry-After as transient (caller backs off exponentially)', async () => {
    expect(classifyMicrosoftFailure(await errorFor(429, body('TooManyRequests')))).toMatchObject({
      kind: 'transient',
    });
  });

  it('recognises an expired delta cursor by status or by code in any letter case', async () => {
    expect(classifyMicrosoftFailure(await errorFor(400, body('syncStateNotFound')))).toMatchObject({
      kind: 'cursor-expired',
    });
    expect(classifyMicrosoftFailure(await errorFor(400, body('RESYNCREQUIRED')))).toMatchObject({
      kind: 'cursor-expired',
    });
    expect(
      classifyMicrosoftFailure(
        await errorFor(
          400,
          JSON.stringify({
            error: { code: 'badRequest', message: 'x', innerError: { code: 'resyncRequired' } },
          }),
        ),
      ),
    ).toMatchObject({
      kind: 'cursor-expired',
    });
    expect(classifyMicrosoftFailure(await errorFor(410, ''))).toMatchObject({ kind: 'cursor-expired' });
  });

  it('treats other 5xx and transport failures as transient', async () => {
    expect(classifyMicrosoftFailure(await errorFor(500, body('generalException')))).toMatchObject({
      kind: 'transient',
    });
    for (const code of ['NetworkError', 'Timeout', 'InvalidJson']) {
      expect(
        classifyMicrosoftFailure(new GraphRequestError({ status: 0, code, message: 'x' })),
      ).toMatchObject({
        kind: 'transient',
        code,
      });
    }
  });

  it('does not retry a refused foreign link or a non-Graph error', () => {
    expect(
      classifyMicrosoftFailure(new GraphRequestError({ status: 0, code: 'UntrustedLink', message: 'x' })),
    ).toMatchObject({ kind: 'unknown' });
    expect(classifyMicrosoftFailure(new TypeError('boom'))).toEqual({
      kind: 'unknown',
      code: 'UnexpectedError',
      message: 'boom',
    });
    expect(classifyMicrosoftFailure('weird')).toMatchObject({ kind: 'unknown' });
  });

  it('treats 403 extensionError as a policy denial of that mailbox', async () => {
    expect(classifyMicrosoftFailure(await errorFor(403, body('extensionError')))).toMatchObject({
      kind: 'mailbox',
      reason: 'policy-denied',
    });
  });

  it('classifies token failures raised while calling Graph', () => {
    expect(
      classifyMicrosoftFailure(new TokenAcquisitionError({ kind: 'invalid-secret', aadstsCode: 7000215 })),
    ).toMatchObject({ kind: 'auth', code: 'AADSTS7000215' });
    expect(
      classifyMicrosoftFailure(new TokenAcquisitionError({ kind: 'app-disabled', aadstsCode: 7000112 })),
    ).toMatchObject({ kind: 'auth' });
    expect(
      classifyMicrosoftFailure(new TokenAcquisitionError({ kind: 'throttled', retryAfterMs: 5000 })),
    ).toMatchObject({ kind: 'throttled', retryAfterMs: 5000 });
    expect(
      classifyMicrosoftFailure(
        new TokenAcquisitionError({ kind: 'network', msalErrorCode: 'network_error' }),
      ),
    ).toMatchObject({ kind: 'transient', code: 'token-network' });
  });

  it('gives every token failure one answer: scope is auth, throttling always waits, no answer is transient', () => {
    expect(
      classifyMicrosoftFailure(new TokenAcquisitionError({ kind: 'invalid-scope', aadstsCode: 70011 })),
    ).toMatchObject({
      kind: 'auth',
      code: 'AADSTS70011',
    });
    expect(classifyMicrosoftFailure(new TokenAcquisitionError({ kind: 'throttled' }))).toMatchObject({
      kind: 'throttled',
      retryAfterMs: 60_000,
    });
    expect(classifyMicrosoftFailure(new TokenAcquisitionError({ kind: 'timeout' }))).toMatchObject({
      kind: 'transient',
      code: 'token-timeout',
    });
  });

  it('tells a refused mailbox from missing consent only by token-level evidence', async () => {
    expect(
      classifyMicrosoftFailure(await errorFor(403, body('ErrorAccessDenied', 'Access is denied.'))),
    ).toMatchObject({
      kind: 'access-denied',
    });
    expect(classifyMicrosoftFailure(new ConsentMissingError('no calendar role'))).toMatchObject({
      kind: 'consent',
    });
  });

  it('treats ErrorItemNotFound as a missing item, not a mailbox failure', async () => {
    expect(classifyMicrosoftFailure(await errorFor(404, body('ErrorItemNotFound')))).toMatchObject({
      kind: 'item-missing',
    });
  });

  it('treats the directory’s Request_ResourceNotFound as a mailbox that does not exist (docs/microsoft-graph.md §9.6)', async () => {
    expect(classifyMicrosoftFailure(await errorFor(404, body('Request_ResourceNotFound')))).toMatchObject({
      kind: 'mailbox',
      reason: 'not-found',
      code: 'Request_ResourceNotFound',
    });
  });

  it('treats a calendar-level ErrorItemNotFound (raised by the sync session) as a mailbox not found', () => {
    const failure = classifyMicrosoftFailure(
      new MailboxNotAddressableError('ErrorItemNotFound', 'not found'),
    );
    expect(failure).toEqual({
      kind: 'mailbox',
      reason: 'not-found',
      code: 'ErrorItemNotFound',
      message: 'not found',
    });
  });
});
