import { describe, expect, it } from 'vitest';
import { planRound } from './plan-round.ts';
import type { SyncState } from './sync-target.ts';
import { computeSyncWindow } from './sync-window.ts';

const now = new Date('2026-05-01T10:00:00Z');
const window = computeSyncWindow(now, 7, 30);
const base: SyncState = {
  cursor: null,
  resumeCursor: null,
  resumeKind: null,
  generation: 3,
  sourceIdType: null,
  windowStart: window.start,
  windowEnd: window.end,
};

describe('planRound', () => {
  it('starts a full round when nothing was ever synced', () => {
    expect(planRound({ ...base, windowStart: null, windowEnd: null }, window, 'AUTO')).toMatchObject({
      action: 'full',
      reason: 'no-cursor',
    });
  });

  it('runs a delta round from a delta link opened for this window', () => {
    expect(planRound({ ...base, cursor: 'D' }, window, 'AUTO')).toEqual({ action: 'delta', cursor: 'D' });
  });

  it('resumes an unfinished round from its nextLink', () => {
    expect(planRound({ ...base, resumeCursor: 'N', resumeKind: 'FULL' }, window, 'AUTO')).toEqual({
      action: 'resume',
      kind: 'FULL',
      cursor: 'N',
    });
    expect(
      planRound({ ...base, cursor: 'D', resumeCursor: 'N', resumeKind: 'DELTA' }, window, 'AUTO'),
    ).toEqual({
      action: 'resume',
      kind: 'DELTA',
      cursor: 'N',
    });
  });

  it('re-baselines when the window slid or changed, even mid-round', () => {
    const later = computeSyncWindow(new Date('2026-05-05T10:00:00Z'), 7, 30);
    expect(planRound({ ...base, cursor: 'D' }, later, 'AUTO')).toMatchObject({
      action: 'full',
      reason: 'window-slid',
    });
    const wider = computeSyncWindow(now, 7, 60);
    expect(planRound({ ...base, resumeCursor: 'N', resumeKind: 'FULL' }, wider, 'AUTO')).toMatchObject({
      action: 'full',
      reason: 'window-config-changed',
    });
  });

  it('honours a requested full sync but lets an unfinished full round finish', () => {
    expect(planRound({ ...base, cursor: 'D' }, window, 'FULL')).toMatchObject({ action: 'full' });
    expect(planRound({ ...base, resumeCursor: 'N', resumeKind: 'FULL' }, window, 'FULL')).toMatchObject({
      action: 'resume',
    });
  });

  it('re-keys rows stored under another id type with a full round, even over a resumable one', () => {
    const stored = { ...base, cursor: 'D', sourceIdType: null };
    expect(planRound(stored, window, 'AUTO', 'ImmutableId')).toMatchObject({
      action: 'full',
      reason: 'id-type-changed',
    });
    expect(
      planRound({ ...stored, resumeCursor: 'N', resumeKind: 'FULL' }, window, 'AUTO', 'ImmutableId'),
    ).toMatchObject({ action: 'full', reason: 'id-type-changed' });
    const switched = { ...stored, sourceIdType: 'ImmutableId' };
    expect(planRound(switched, window, 'AUTO', 'ImmutableId')).toEqual({ action: 'delta', cursor: 'D' });
    expect(planRound(stored, window, 'AUTO', undefined)).toEqual({ action: 'delta', cursor: 'D' });
  });
});
