import { describe, expect, it } from 'vitest';
import { readSample } from '../testing/samples.ts';
import { createCalendarStore } from './store.ts';
import type { CalendarStore, DeltaItem, DeltaPageResult, EventInput } from './types.ts';

const window = { startUtc: new Date('2026-03-01T00:00:00Z'), endUtc: new Date('2026-04-01T00:00:00Z') };
const app = 'app-1';

function single(subject: string, day: string, organizer = true): EventInput {
  return {
    subject,
    isOrganizer: organizer,
    start: { dateTime: `${day}T10:00:00`, timeZone: 'UTC' },
    end: { dateTime: `${day}T11:00:00`, timeZone: 'UTC' },
    organizer: { emailAddress: { name: 'Megan Bowen', address: 'meganb@contoso.com' } },
  };
}

function series(): EventInput {
  return {
    ...single('Weekly sync', '2026-03-02'),
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday' },
      range: { type: 'numbered', startDate: '2026-03-02', numberOfOccurrences: 3 },
    },
  };
}

/** Drains one round and returns its items plus the final deltaToken. */
function drain(store: CalendarStore, token: string | undefined, pageSize = 2) {
  const items: DeltaItem[] = [];
  let next = token;
  let first = true;
  for (;;) {
    const page: DeltaPageResult = store.deltaPage({
      appId: app,
      mailboxId: 'm',
      pageSize,
      token: next,
      ...(first && token === undefined ? window : {}),
    });
    first = false;
    if (!page.ok) throw new Error(page.error);
    items.push(...page.items);
    expect(Boolean(page.nextToken) !== Boolean(page.deltaToken)).toBe(true);
    if (page.deltaToken !== undefined) return { items, deltaToken: page.deltaToken };
    next = page.nextToken;
  }
}

/** Delta items as loose JSON records, the way a client reads them. */
const asRecord = (item: DeltaItem | undefined): Record<string, unknown> => item ?? {};
const field = (item: DeltaItem | undefined, key: string): unknown => asRecord(item)[key];
const summary = (items: DeltaItem[]) =>
  items
    .map((i) =>
      '@removed' in i
        ? `removed:${i.id}`
        : `${field(i, 'type') as string}:${(field(i, 'subject') as string | undefined) ?? '-'}`,
    )
    .sort();

describe('calendarView/delta', () => {
  it('first round: singles in full, occurrences stripped to the observed stub, no masters', () => {
    const store = createCalendarStore({ clock: { now: () => new Date('2026-02-01Z') } });
    store.createEvent('m', single('Plan', '2026-03-05'));
    const master = store.createEvent('m', series());
    const { items } = drain(store, undefined);
    expect(summary(items)).toEqual(['occurrence:-', 'occurrence:-', 'occurrence:-', 'singleInstance:Plan']);
    const stub = items.find((i) => field(i, 'type') === 'occurrence');
    expect(Object.keys(asRecord(stub))).toEqual([
      '@odata.type',
      '@odata.etag',
      'id',
      'seriesMasterId',
      'type',
      'start',
      'end',
    ]);
    expect(field(stub, 'seriesMasterId')).toBe(master.id);
    const full = items.find((i) => field(i, 'type') === 'singleInstance');
    const sample = readSample('event-delta-response-1.json') as { value: Record<string, unknown>[] };
    for (const key of Object.keys(sample.value[0]!)) expect(Object.keys(asRecord(full))).toContain(key);
    const view = readSample('calendarview-response.json') as { value: Record<string, unknown>[] };
    const viewItem = store.calendarView('m', window.startUtc, window.endUtc)[0]!;
    for (const key of Object.keys(view.value[0]!)) expect(Object.keys(viewItem)).toContain(key);
  });

  it('next round reports creates, moves, renames, cancels, deletes and occurrence edits', () => {
    const store = createCalendarStore({ clock: { now: () => new Date('2026-02-01Z') } });
    const keep = store.createEvent('m', single('Keep', '2026-03-03'));
    const rename = store.createEvent('m', single('Old name', '2026-03-04'));
    const moveOut = store.createEvent('m', single('Leaving', '2026-03-05'));
    const del = store.createEvent('m', single('Doomed', '2026-03-06'));
    const attendeeCopy = store.createEvent('m', single('Review', '2026-03-07', false));
    const master = store.createEvent('m', series());
    const outside = store.createEvent('m', single('Far away', '2026-06-01'));
    const round1 = drain(store, undefined);
    const [occ1, occ2] = store.instances('m', master.id, window.startUtc, window.endUtc)!;

    store.createEvent('m', single('New', '2026-03-10'));
    store.updateEvent('m', rename.id, { subject: 'New name' });
    store.updateEvent('m', moveOut.id, {
      start: { dateTime: '2026-05-05T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-05-05T11:00:00', timeZone: 'UTC' },
    });
    store.deleteEvent('m', del.id);
    store.cancelEvent('m', attendeeCopy.id);
    store.cancelEvent('m', occ1!.id);
    store.updateEvent('m', occ2!.id, { subject: 'Weekly sync (room change)' });
    store.updateEvent('m', outside.id, { subject: 'Still far away' });

    const round2 = drain(store, round1.deltaToken);
    expect(summary(round2.items)).toEqual(
      [
        'singleInstance:New',
        'singleInstance:New name',
        `removed:${moveOut.id}`,
        `removed:${del.id}`,
        'singleInstance:Canceled: Review',
        `removed:${occ1!.id}`,
        'exception:Weekly sync (room change)',
        `removed:${outside.id}`,
      ].sort(),
    );
    expect(round2.items.some((i) => i.id === keep.id)).toBe(false);
    const cancelled = round2.items.find((i) => i.id === attendeeCopy.id);
    expect(field(cancelled, 'isCancelled')).toBe(true);
    const removed = round2.items.find((i) => i.id === del.id);
    expect(Object.keys(asRecord(removed))).toEqual(['@odata.type', 'id', '@removed']);

    // Whole-series edit: every remaining occurrence and the exception come again.
    store.updateEvent('m', master.id, { subject: 'Weekly sync v2' });
    const round3 = drain(store, round2.deltaToken);
    expect(summary(round3.items)).toEqual(['exception:Weekly sync (room change)', 'occurrence:-']);
    const round4 = drain(store, round3.deltaToken);
    expect(round4.items).toEqual([]);
  });

  it('keeps three generations: the fourth-oldest token gets SyncStateNotFound', () => {
    const store = createCalendarStore({ clock: { now: () => new Date('2026-02-01Z') } });
    store.createEvent('m', single('A', '2026-03-05'));
    const r1 = drain(store, undefined);
    const r2 = drain(store, r1.deltaToken);
    const r3 = drain(store, r2.deltaToken);
    expect(store.deltaPage({ appId: app, mailboxId: 'm', pageSize: 10, token: r1.deltaToken }).ok).toBe(true);
    // That call started a 4th generation after r1's: r1 itself is now the oldest beyond three.
    drain(store, r3.deltaToken);
    expect(store.deltaPage({ appId: app, mailboxId: 'm', pageSize: 10, token: r1.deltaToken })).toEqual({
      ok: false,
      error: 'SyncStateNotFound',
    });
    expect(
      store.deltaPage({ appId: 'other-app', mailboxId: 'm', pageSize: 10, token: r3.deltaToken }),
    ).toEqual({
      ok: false,
      error: 'InvalidToken',
    });
    expect(store.inspectDeltaToken(r3.deltaToken)?.startUtc.toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('pages of a round are frozen while mutations happen', () => {
    const store = createCalendarStore({ clock: { now: () => new Date('2026-02-01Z') } });
    const ids = ['2026-03-02', '2026-03-03', '2026-03-04'].map(
      (d) => store.createEvent('m', single(`E ${d}`, d)).id,
    );
    const first = store.deltaPage({ appId: app, mailboxId: 'm', pageSize: 2, ...window });
    if (!first.ok) throw new Error('first page failed');
    store.deleteEvent('m', ids[2]!);
    store.updateEvent('m', ids[0]!, { subject: 'changed' });
    const second = store.deltaPage({ appId: app, mailboxId: 'm', pageSize: 2, token: first.nextToken });
    if (!second.ok) throw new Error('second page failed');
    expect(second.items.map((i) => [i.id, field(i, 'subject')])).toEqual([[ids[2], 'E 2026-03-04']]);
    const next = drain(store, second.deltaToken);
    expect(summary(next.items)).toEqual([`removed:${ids[2]}`, 'singleInstance:changed'].sort());
  });
});
