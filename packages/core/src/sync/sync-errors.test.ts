import { describe, expect, it } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm';
import { GraphRequestError, TokenAcquisitionError } from '../providers/microsoft/index.ts';
import { classifyMicrosoftFailure } from '../providers/microsoft/classify-failure.ts';
import { FAILURE_TRANSITIONS } from './failure-transitions.ts';
import { CursorMovedError } from './apply-page.ts';
import { SyncLoopError } from './loop-guard.ts';
import { classifySyncFailure } from './sync-errors.ts';

const classifySyncError = (err: unknown) => classifySyncFailure(err, classifyMicrosoftFailure);

describe('classifySyncFailure + FAILURE_TRANSITIONS', () => {
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

  it("one mailbox's 403 or 404 touches only that mailbox; consent needs token-level evidence", () => {
    const denied = classifySyncError(
      new GraphRequestError({ status: 403, code: 'ErrorAccessDenied', message: 'Access is denied.' }),
    );
    expect(FAILURE_TRANSITIONS[denied.kind]).toEqual({
      outcome: 'give-up',
      mailboxStatus: 'ERROR',
      connectorStatus: null,
    });
    const mailbox = classifySyncError(
      new GraphRequestError({ status: 404, code: 'ErrorInvalidUser', message: 'invalid' }),
    );
    expect(FAILURE_TRANSITIONS[mailbox.kind]).toEqual({
      outcome: 'give-up',
      mailboxStatus: 'ERROR',
      connectorStatus: null,
    });
  });

  it('throttling delays only this job; an expired delta token escaping the in-job restarts is retried; a loop gives up', () => {
    const throttled = classifySyncError(
      new GraphRequestError({ status: 429, code: 'TooManyRequests', message: 'x', retryAfterMs: 2128 }),
    );
    expect(FAILURE_TRANSITIONS[throttled.kind].outcome).toBe('delay');
    const gone = classifySyncError(
      new GraphRequestError({ status: 410, code: 'SyncStateNotFound', message: 'x' }),
    );
    expect(FAILURE_TRANSITIONS[gone.kind]).toEqual({
      outcome: 'retry',
      mailboxStatus: 'ERROR',
      connectorStatus: null,
    });
    expect(classifySyncError(new SyncLoopError('loop'))).toMatchObject({
      kind: 'unknown',
      code: 'SyncLoopDetected',
    });
  });

  it('a cursor another job keeps moving is retried, never a permanent failure', () => {
    const moved = classifySyncError(new CursorMovedError('moved'));
    expect(moved).toMatchObject({ kind: 'infrastructure', code: 'SyncCursorMoved' });
    expect(FAILURE_TRANSITIONS[moved.kind]).toEqual({
      outcome: 'retry',
      mailboxStatus: null,
      connectorStatus: null,
    });
  });

  it('a Postgres or Redis failure is retried and blames neither mailbox nor connector', () => {
    const failure = classifySyncError(
      new DrizzleQueryError(
        'insert into events values ($1)',
        ['x'],
        new Error('Connection terminated unexpectedly'),
      ),
    );
    expect(failure.kind).toBe('infrastructure');
    expect(failure.message).not.toMatch(/insert|Connection terminated/);
    expect(FAILURE_TRANSITIONS[failure.kind]).toEqual({
      outcome: 'retry',
      mailboxStatus: null,
      connectorStatus: null,
    });
  });
});
