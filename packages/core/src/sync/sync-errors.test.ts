import { describe, expect, it } from 'vitest';
import { TokenAcquisitionError } from '../providers/microsoft/identity/token-acquisition-error.ts';
import { GraphRequestError } from '../providers/microsoft/index.ts';
import { FAILURE_TRANSITIONS } from './failure-transitions.ts';
import { SyncLoopError } from './loop-guard.ts';
import { classifySyncError } from './sync-errors.ts';

describe('classifySyncError + FAILURE_TRANSITIONS', () => {
  it('a revoked or expired secret marks the connector AUTH_FAILED and stops', () => {
    for (const kind of ['invalid-secret', 'expired-secret', 'app-not-found'] as const) {
      const failure = classifySyncError(new TokenAcquisitionError({ kind, aadstsCode: 7000215 }));
      expect(failure).toMatchObject({ kind: 'auth', code: 'AADSTS7000215' });
      expect(FAILURE_TRANSITIONS[failure.kind]).toEqual({
        outcome: 'give-up',
        mailboxStatus: 'ERROR',
        connectorStatus: 'AUTH_FAILED',
      });
    }
  });

  it('an unreachable or throttling identity platform is retried, not blamed on the connector', () => {
    expect(classifySyncError(new TokenAcquisitionError({ kind: 'network' })).kind).toBe('transient');
    expect(
      classifySyncError(new TokenAcquisitionError({ kind: 'throttled', retryAfterMs: 1500 })),
    ).toMatchObject({
      kind: 'throttled',
      retryAfterMs: 1500,
    });
  });

  it('Graph 403 without a policy is a consent problem of the connector; a mailbox error touches only the mailbox', () => {
    const consent = classifySyncError(
      new GraphRequestError({ status: 403, code: 'ErrorAccessDenied', message: 'Access is denied.' }),
    );
    expect(FAILURE_TRANSITIONS[consent.kind].connectorStatus).toBe('CONSENT_REQUIRED');
    const mailbox = classifySyncError(
      new GraphRequestError({ status: 404, code: 'ErrorInvalidUser', message: 'invalid' }),
    );
    expect(FAILURE_TRANSITIONS[mailbox.kind]).toEqual({
      outcome: 'give-up',
      mailboxStatus: 'ERROR',
      connectorStatus: null,
    });
  });

  it('throttling delays only this job; an expired delta token resyncs; a loop gives up', () => {
    const throttled = classifySyncError(
      new GraphRequestError({ status: 429, code: 'TooManyRequests', message: 'x', retryAfterMs: 2128 }),
    );
    expect(FAILURE_TRANSITIONS[throttled.kind].outcome).toBe('delay');
    const gone = classifySyncError(
      new GraphRequestError({ status: 410, code: 'SyncStateNotFound', message: 'x' }),
    );
    expect(FAILURE_TRANSITIONS[gone.kind].outcome).toBe('resync');
    expect(classifySyncError(new SyncLoopError('loop'))).toMatchObject({
      kind: 'unknown',
      code: 'SyncLoopDetected',
    });
  });
});
