import { describe, expect, it } from 'vitest';
import { MAILBOX_SYNC_REMEDIES, mailboxSyncErrorKind, mailboxSyncErrorKinds } from './mailbox-sync-error.ts';

describe('mailboxSyncErrorKind', () => {
  it('tells the three mailbox reasons apart and folds temporary kinds together', () => {
    const detail = { code: 'X', message: 'x' };
    expect(mailboxSyncErrorKind({ kind: 'mailbox', reason: 'not-found', ...detail })).toBe(
      'MAILBOX_NOT_FOUND',
    );
    expect(mailboxSyncErrorKind({ kind: 'mailbox', reason: 'not-enabled', ...detail })).toBe(
      'MAILBOX_NOT_ENABLED',
    );
    expect(mailboxSyncErrorKind({ kind: 'mailbox', reason: 'policy-denied', ...detail })).toBe(
      'MAILBOX_POLICY_DENIED',
    );
    expect(mailboxSyncErrorKind({ kind: 'throttled', retryAfterMs: 1, ...detail })).toBe('TEMPORARY');
    expect(mailboxSyncErrorKind({ kind: 'infrastructure', ...detail })).toBe('TEMPORARY');
  });

  it('has a remedy for every kind', () => {
    for (const kind of mailboxSyncErrorKinds) expect(MAILBOX_SYNC_REMEDIES[kind].length).toBeGreaterThan(20);
  });
});
