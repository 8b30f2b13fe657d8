import { describe, expect, it } from 'vitest';
import { placeholderColumns, statementName } from './placeholder-columns.ts';

describe('placeholderColumns', () => {
  it('turns present columns into named placeholders and their values, skipping absent ones', () => {
    const set = placeholderColumns('m', { syncStatus: 'OK', lastError: null, lastSyncedAt: undefined });
    expect(Object.keys(set.columns)).toEqual(['syncStatus', 'lastError']);
    expect(set.values).toEqual({ m_syncStatus: 'OK', m_lastError: null });
    expect(set.shape).toBe('syncStatus,lastError');
  });

  it('gives the same shape to the same columns whatever their values, another to other columns', () => {
    const a = placeholderColumns('r', { status: 'SUCCEEDED', pages: 1 }).shape;
    expect(placeholderColumns('r', { status: 'FAILED', pages: 9 }).shape).toBe(a);
    expect(placeholderColumns('r', { status: 'FAILED' }).shape).not.toBe(a);
  });
});

describe('statementName', () => {
  it('is short enough for Postgres (63 bytes) and differs between shapes that share a long prefix', () => {
    const long =
      'syncStatus,lastError,lastErrorCode,lastErrorKind,lastSyncedAt,updatedAt,cursor,resumeCursor';
    const one = statementName('finish_sync_run', `${long}|a`);
    const other = statementName('finish_sync_run', `${long}|b`);
    expect(one.length).toBeLessThanOrEqual(63);
    expect(one).not.toBe(other);
    expect(statementName('finish_sync_run', `${long}|a`)).toBe(one);
  });
});
