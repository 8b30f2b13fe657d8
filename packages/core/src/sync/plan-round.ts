import type { SyncRunKind } from '../db/schema/enums.ts';
import type { SyncState } from './sync-target.ts';
import { needsRebaseline, type SyncWindow } from './sync-window.ts';

/** How the next round of a mailbox starts. */
export type RoundPlan =
  /** New full round: new generation, the provider's first cursor for `window`. */
  | { action: 'full'; window: SyncWindow; reason: string }
  /** Continue an unfinished round from its stored resume cursor. */
  | { action: 'resume'; kind: SyncRunKind; cursor: string }
  /** Delta round from the stored cursor. */
  | { action: 'delta'; cursor: string };

/** What a sync job asks for: an incremental round when possible, or a full one. */
export const SYNC_MODES = ['AUTO', 'FULL'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

/**
 * Pure decision of what a mailbox job does first. A stored resume cursor wins (a
 * crashed job resumes where it stopped) unless the window must be
 * re-baselined or a full sync was asked for; a cursor serves only the
 * window it was opened for. Rows keyed by another kind of id than the provider's `idType` are
 * re-keyed by a full round, never a resumed one: a round begun before the switch has rows of its
 * own generation keyed the old way, which only a newer generation's re-keying reaches.
 */
export function planRound(cursor: SyncState, wanted: SyncWindow, mode: SyncMode, idType?: string): RoundPlan {
  const rebaseline = needsRebaseline({ start: cursor.windowStart, end: cursor.windowEnd }, wanted);
  const rekey = idType !== undefined && cursor.sourceIdType !== idType;
  const full = (reason: string): RoundPlan => ({ action: 'full', window: wanted, reason });
  if (cursor.resumeCursor && cursor.resumeKind) {
    if (rebaseline) return full(rebaseline);
    if (rekey) return full('id-type-changed');
    if (mode === 'FULL' && cursor.resumeKind === 'DELTA') return full('full-requested');
    return { action: 'resume', kind: cursor.resumeKind, cursor: cursor.resumeCursor };
  }
  if (mode === 'FULL') return full('full-requested');
  if (!cursor.cursor) return full('no-cursor');
  if (rebaseline) return full(rebaseline);
  if (rekey) return full('id-type-changed');
  return { action: 'delta', cursor: cursor.cursor };
}
