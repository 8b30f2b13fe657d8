import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEwsEmulator, type TestEwsEmulator } from '../testing/ews-fixture.ts';
import { syncFolderItems } from '../testing/soap-envelopes.ts';
import { missingPaths, parseXml, readSample } from '../testing/xml-shape.ts';

const ROOM = 'berlin-spree@contoso.com';

interface Page {
  state: string;
  last: boolean;
  changes: { kind: string; id: string }[];
}

function readPage(xml: string): Page {
  const message = (parseXml(xml) as any).Envelope.Body.SyncFolderItemsResponse.ResponseMessages
    .SyncFolderItemsResponseMessage;
  const changes: { kind: string; id: string }[] = [];
  for (const kind of ['Create', 'Update', 'Delete']) {
    const raw = message.Changes?.[kind];
    for (const c of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw])
      changes.push({ kind, id: (c.CalendarItem?.ItemId ?? c.ItemId)['@_Id'] });
  }
  return { state: message.SyncState, last: message.IncludesLastItemInRange === 'true', changes };
}

describe('SyncFolderItems on a delegate calendar (docs/exchange-ews.md §4)', () => {
  let t: TestEwsEmulator;
  let state = '';
  beforeAll(async () => {
    t = await startTestEwsEmulator();
  });
  afterAll(() => t.close());

  it('drains the calendar in pages of MaxChangesReturned, each id once, in the documented shape', async () => {
    const stored = await t.emulator.control.listEvents(ROOM);
    const seen: string[] = [];
    let page: Page | undefined;
    let calls = 0;
    do {
      const res = await t.monitor.send(syncFolderItems(ROOM, 5, page?.state));
      if (calls === 0)
        expect(
          missingPaths(
            readSample('syncfolderitems-initial-idonly-response.xml'),
            res.text,
            /^Envelope\.Header|xmlns|Message$|Message\./,
          ),
        ).toEqual([]);
      page = readPage(res.text);
      expect(page.changes.length).toBeLessThanOrEqual(5);
      expect(page.changes.every((c) => c.kind === 'Create')).toBe(true);
      seen.push(...page.changes.map((c) => c.id));
      calls += 1;
    } while (!page.last);
    expect(new Set(seen)).toEqual(new Set(stored.map((e) => e.itemId)));
    expect(seen).toHaveLength(stored.length);
    expect(calls).toBe(Math.ceil(stored.length / 5) || 1);
    expect(page.state.startsWith('H4sI')).toBe(true);
    state = page.state;
  });

  it('reports nothing for an unchanged folder, then an occurrence edit as an Update of the master', async () => {
    const quiet = readPage((await t.monitor.send(syncFolderItems(ROOM, 512, state))).text);
    expect(quiet).toMatchObject({ last: true, changes: [] });
    const series = await t.emulator.control.createEvent(ROOM, {
      subject: 'Standup',
      start: { dateTime: '2030-01-07T09:00:00', timeZone: 'W. Europe Standard Time' },
      end: { dateTime: '2030-01-07T09:15:00', timeZone: 'W. Europe Standard Time' },
      recurrence: {
        pattern: { type: 'daily', interval: 1 },
        range: { type: 'endDate', startDate: '2030-01-07', endDate: '2030-01-11' },
      },
    });
    const created = readPage((await t.monitor.send(syncFolderItems(ROOM, 512, quiet.state))).text);
    expect(created.changes).toEqual([{ kind: 'Create', id: series.itemId }]);
    const occurrences =
      t.emulator.state.calendar.instances(
        t.emulator.state.directory.mailbox(ROOM)!.storeId,
        series.id,
        new Date('2030-01-01T00:00:00Z'),
        new Date('2030-02-01T00:00:00Z'),
      ) ?? [];
    await t.emulator.control.updateEvent(ROOM, occurrences[2]!.id, { subject: 'Standup (moved)' });
    const updated = readPage((await t.monitor.send(syncFolderItems(ROOM, 512, created.state))).text);
    expect(updated.changes).toEqual([{ kind: 'Update', id: series.itemId }]);
    await t.emulator.control.deleteEvent(ROOM, series.id);
    const deleted = readPage((await t.monitor.send(syncFolderItems(ROOM, 512, updated.state))).text);
    expect(deleted.changes).toEqual([{ kind: 'Delete', id: series.itemId }]);
  });

  it('answers a damaged or foreign state with ErrorInvalidSyncStateData and MaxChangesReturned 513 with a fault', async () => {
    const bad = await t.monitor.send(syncFolderItems(ROOM, 10, 'H4sIAAA=='));
    expect(missingPaths(readSample('syncfolderitems-error-invalidsyncstate-response.xml'), bad.text)).toEqual(
      [],
    );
    expect(bad.text).toContain('<m:ResponseCode>ErrorInvalidSyncStateData</m:ResponseCode>');
    const foreign = await t.monitor.send(syncFolderItems('berlin-havel@contoso.com', 10, state));
    expect(foreign.text).toContain('<m:ResponseCode>ErrorInvalidSyncStateData</m:ResponseCode>');
    const tooMany = await t.monitor.send(syncFolderItems(ROOM, 513));
    expect(tooMany.status).toBe(500);
    expect(tooMany.text).toContain('a:ErrorSchemaValidation');
  });
});
