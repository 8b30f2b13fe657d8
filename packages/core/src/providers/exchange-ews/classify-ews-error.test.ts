import { describe, expect, it } from 'vitest';
import { classifyEwsProblem, DEFAULT_SERVER_BUSY_BACKOFF_MS } from './classify-ews-error.ts';
import { problem } from './ews-problem.ts';

const message = (code: string, values = {}) => problem('message', code, code, { values, status: 200 });

describe('classifyEwsProblem', () => {
  it('honours BackOffMilliseconds of ErrorServerBusy, from a fault or a message', () => {
    expect(
      classifyEwsProblem(
        problem('fault', 'ErrorServerBusy', 'busy', {
          values: { BackOffMilliseconds: '297749' },
          status: 500,
        }),
      ),
    ).toMatchObject({
      kind: 'throttled',
      retryAfterMs: 297749,
    });
    expect(classifyEwsProblem(message('ErrorServerBusy'))).toMatchObject({
      kind: 'throttled',
      retryAfterMs: DEFAULT_SERVER_BUSY_BACKOFF_MS,
    });
  });

  it.each([
    ['ErrorNonExistentMailbox', { kind: 'mailbox', reason: 'not-found' }],
    ['ErrorAccessDenied', { kind: 'mailbox', reason: 'no-access' }],
    ['ErrorFolderNotFound', { kind: 'mailbox', reason: 'no-access' }],
    ['ErrorInvalidSyncStateData', { kind: 'cursor-expired' }],
    ['ErrorCalendarViewRangeTooBig', { kind: 'split-window' }],
    ['ErrorExceededFindCountLimit', { kind: 'split-window' }],
    ['ErrorItemNotFound', { kind: 'item-gone' }],
    ['ErrorTimeoutExpired', { kind: 'transient' }],
    ['ErrorExceededConnectionCount', { kind: 'transient' }],
    ['ErrorMailboxStoreUnavailable', { kind: 'transient' }],
    ['ErrorInvalidRequest', { kind: 'unknown' }],
    ['ErrorSchemaValidation', { kind: 'unknown' }],
  ])('%s → %o', (code, expected) => {
    expect(classifyEwsProblem(message(code))).toMatchObject({ ...expected, code });
  });

  it('maps HTTP answers: 401 is auth, 503 and the error-page redirect are transient', () => {
    expect(classifyEwsProblem(problem('http', 'HTTP 401', 'Unauthorized', { status: 401 })).kind).toBe(
      'auth',
    );
    expect(classifyEwsProblem(problem('http', 'HTTP 503', 'queue full', { status: 503 })).kind).toBe(
      'transient',
    );
    expect(classifyEwsProblem(problem('http', 'HTTP 302', 'genericerrorpage', { status: 302 })).kind).toBe(
      'transient',
    );
    expect(classifyEwsProblem(problem('http', 'HTTP 404', 'not found', { status: 404 })).kind).toBe(
      'unknown',
    );
  });

  it('tells DNS, TLS and firewall problems apart for diagnostics', () => {
    expect(classifyEwsProblem(problem('transport', 'ENOTFOUND', 'getaddrinfo'))).toMatchObject({
      kind: 'unreachable',
      reason: 'dns',
    });
    expect(classifyEwsProblem(problem('transport', 'SELF_SIGNED_CERT_IN_CHAIN', 'tls'))).toMatchObject({
      kind: 'unreachable',
      reason: 'tls',
    });
    expect(classifyEwsProblem(problem('transport', 'ERR_TLS_CERT_ALTNAME_INVALID', 'name'))).toMatchObject({
      kind: 'unreachable',
      reason: 'tls',
    });
    expect(classifyEwsProblem(problem('transport', 'ECONNREFUSED', 'refused'))).toMatchObject({
      kind: 'unreachable',
      reason: 'connect',
    });
    expect(classifyEwsProblem(problem('transport', 'ECONNRESET', 'reset')).kind).toBe('transient');
  });
});
