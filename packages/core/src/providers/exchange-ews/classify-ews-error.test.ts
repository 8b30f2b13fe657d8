import { describe, expect, it } from 'vitest';
import {
  classifyEwsProblem,
  DEFAULT_SERVER_BUSY_BACKOFF_MS,
  unreachableReason,
  windowTooLarge,
} from './classify-ews-error.ts';
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
    ['ErrorAccessDenied', { kind: 'access-denied' }],
    ['ErrorFolderNotFound', { kind: 'access-denied' }],
    ['ErrorInvalidSyncStateData', { kind: 'cursor-expired' }],
    ['ErrorItemNotFound', { kind: 'item-missing' }],
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

  it('tells DNS, TLS and firewall problems apart for diagnostics, and retries them as transient', () => {
    const transport = (code: string) => problem('transport', code, code);
    expect(unreachableReason(transport('ENOTFOUND'))).toBe('dns');
    expect(unreachableReason(transport('SELF_SIGNED_CERT_IN_CHAIN'))).toBe('tls');
    expect(unreachableReason(transport('ERR_TLS_CERT_ALTNAME_INVALID'))).toBe('tls');
    expect(unreachableReason(transport('ECONNREFUSED'))).toBe('connect');
    expect(unreachableReason(transport('ECONNRESET'))).toBeUndefined();
    expect(classifyEwsProblem(transport('ENOTFOUND')).kind).toBe('transient');
    expect(classifyEwsProblem(transport('ECONNRESET')).kind).toBe('transient');
  });

  it('asks for a smaller CalendarView window on the two size refusals only', () => {
    expect(windowTooLarge(message('ErrorCalendarViewRangeTooBig'))).toBe(true);
    expect(windowTooLarge(message('ErrorExceededFindCountLimit', { PolicyLimit: '1000' }))).toBe(true);
    expect(windowTooLarge(message('ErrorServerBusy'))).toBe(false);
  });
});
