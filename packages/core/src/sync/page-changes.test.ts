import { describe, expect, it } from 'vitest';
import type { SourceEvent } from './source-event.ts';
import { collapsePageActions, toEventColumns } from './page-changes.ts';

function row(sourceId: string, subject: string): SourceEvent {
  return {
    sourceId,
    iCalUId: null,
    type: 'SINGLE_INSTANCE',
    seriesMasterId: null,
    subject,
    startAt: new Date('2026-01-01T09:00:00Z'),
    endAt: new Date('2026-01-01T10:00:00Z'),
    isAllDay: false,
    timeZone: 'Europe/Berlin',
    showAs: 'BUSY',
    sensitivity: 'NORMAL',
    isCancelled: false,
    organizer: { name: 'A', address: 'a@x' },
    attendees: [],
    location: null,
    locations: [],
    onlineMeeting: null,
    categories: ['Red'],
    changeKey: 'ck',
    lastModifiedAt: null,
  };
}

describe('collapsePageActions', () => {
  it('keeps the last mention of an id', () => {
    const changes = collapsePageActions([
      { kind: 'upsert', row: row('a', 'first') },
      { kind: 'upsert', row: row('b', 'b') },
      { kind: 'upsert', row: row('a', 'second') },
      { kind: 'remove', sourceId: 'b' },
    ]);
    expect(changes.upserts.map((r) => r.subject)).toEqual(['second']);
    expect(changes.removals).toEqual(['b']);
  });

  it('lets an upsert after a removal of the same id win', () => {
    const changes = collapsePageActions([
      { kind: 'remove', sourceId: 'a' },
      { kind: 'upsert', row: row('a', 'back') },
    ]);
    expect(changes).toEqual({ upserts: [row('a', 'back')], removals: [], seriesReplacements: [] });
  });

  it('turns a re-read series into upserts of its rows and one replacement keeping exactly them', () => {
    const changes = collapsePageActions([
      { kind: 'upsert', row: row('occ-1', 'stub') },
      { kind: 'replace-series', seriesMasterId: 'm', rows: [row('occ-1', 'full'), row('occ-2', 'full')] },
    ]);
    expect(changes.upserts.map((r) => [r.sourceId, r.subject])).toEqual([
      ['occ-1', 'full'],
      ['occ-2', 'full'],
    ]);
    expect(changes.seriesReplacements).toEqual([{ seriesMasterId: 'm', keep: ['occ-1', 'occ-2'] }]);
  });
});

describe('toEventColumns', () => {
  it('produces one aligned array per column with JSON and ISO text', () => {
    const cols = toEventColumns([row('a', 's1'), row('b', 's2')]);
    expect(cols.sourceId).toEqual(['a', 'b']);
    expect(cols.startAt).toEqual(['2026-01-01T09:00:00.000Z', '2026-01-01T09:00:00.000Z']);
    expect(cols.organizer[0]).toBe('{"name":"A","address":"a@x"}');
    expect(cols.categories[1]).toBe('["Red"]');
    expect(cols.onlineMeeting).toEqual([null, null]);
  });
});
