import { startTestEwsEmulator, type TestEwsEmulator } from '@calsync/ews-emulator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyEwsProblem } from './classify-ews-error.ts';
import { diagnoseMailbox } from './diagnose.ts';
import { mapCalendarItem } from './map-calendar-item.ts';
import {
  parseFindItemResponse,
  parseGetFolderResponse,
  parseGetItemResponse,
  parseGetRoomListsResponse,
  parseGetRoomsResponse,
  parseSyncFolderItemsResponse,
} from './parse-responses.ts';
import {
  findCalendarViewRequest,
  getFolderRequest,
  getItemRequest,
  getRoomListsRequest,
  getRoomsRequest,
  syncFolderItemsRequest,
} from './soap-requests.ts';

const ROOM = 'berlin-spree@contoso.com';
const VERSION = 'Exchange2013_SP1' as const;

/**
 * The provider's request builders and parsers against the EWS emulator (an independent implementation of
 * Microsoft's documented behaviour), signed in as the monitor over NTLM.
 */
describe('EWS provider parts against the EWS emulator', () => {
  let t: TestEwsEmulator;
  beforeAll(async () => {
    t = await startTestEwsEmulator();
  });
  afterAll(() => t.close());

  it("reads a room's week through CalendarView, details through GetItem, and maps every item", async () => {
    const view = await t.monitor.send(
      findCalendarViewRequest({
        mailbox: ROOM,
        start: new Date('2030-01-06T00:00:00Z'),
        end: new Date('2030-01-13T00:00:00Z'),
        maxEntries: 1000,
        version: VERSION,
      }),
    );
    const page = parseFindItemResponse(view.text, view.status);
    if (!page.ok) throw new Error(page.problem.message);
    expect(page.value.includesLastItemInRange).toBe(true);
    expect(page.value.items.length).toBeGreaterThan(0);
    const expected = t.emulator.state.calendar.calendarView(
      t.emulator.state.directory.mailbox(ROOM)!.storeId,
      new Date('2030-01-06T00:00:00Z'),
      new Date('2030-01-13T00:00:00Z'),
      'UTC',
    );
    // The view names items and versions only (IdOnly); GetItem reads what calsync stores.
    expect(page.value.items.every((i) => i.changeKey !== null && i.subject === null)).toBe(true);
    const ids = page.value.items.map((i) => i.itemId);
    const details = await t.monitor.send(getItemRequest({ itemIds: ids, version: VERSION }));
    const parsed = parseGetItemResponse(details.text, details.status);
    if (!parsed.ok) throw new Error(parsed.problem.message);
    expect(parsed.value.map((r) => (r.ok ? r.value.subject : r.problem.code)).sort()).toEqual(
      expected.map((e) => String(e['subject'])).sort(),
    );
    for (const result of parsed.value) {
      if (!result.ok) throw new Error(result.problem.message);
      const mapped = mapCalendarItem(result.value, { maskPrivate: true });
      if (!mapped.ok) throw new Error(mapped.detail);
      expect(mapped.row.startAt.getTime()).toBeLessThan(mapped.row.endAt.getTime());
      expect(mapped.row.iCalUId).not.toBeNull();
      if (mapped.row.sensitivity !== 'PRIVATE') expect(mapped.row.attendees.length).toBeGreaterThan(0);
    }
  });

  it('baselines SyncFolderItems to the end and then sees no change', async () => {
    let state: string | null = null;
    let last = false;
    while (!last) {
      const res = await t.monitor.send(
        syncFolderItemsRequest({ mailbox: ROOM, syncState: state, maxChanges: 7, version: VERSION }),
      );
      const page = parseSyncFolderItemsResponse(res.text, res.status);
      if (!page.ok) throw new Error(page.problem.message);
      state = page.value.syncState;
      last = page.value.includesLastItemInRange;
    }
    const again = await t.monitor.send(
      syncFolderItemsRequest({ mailbox: ROOM, syncState: state, maxChanges: 512, version: VERSION }),
    );
    const quiet = parseSyncFolderItemsResponse(again.text, again.status);
    expect(quiet.ok && quiet.value.changes).toEqual([]);
  });

  it('classifies ErrorServerBusy with its back-off and diagnoses a mailbox nobody granted', async () => {
    await t.emulator.control.addFault({ type: 'serverBusy', backOffMs: 1234, operation: 'FindItem' });
    const busy = await t.monitor.send(
      findCalendarViewRequest({
        mailbox: ROOM,
        start: new Date('2030-01-06T00:00:00Z'),
        end: new Date('2030-01-07T00:00:00Z'),
        maxEntries: 10,
        version: VERSION,
      }),
    );
    const page = parseFindItemResponse(busy.text, busy.status);
    expect(!page.ok && classifyEwsProblem(page.problem)).toMatchObject({
      kind: 'throttled',
      retryAfterMs: 1234,
    });

    const mailbox = t.emulator.ungrantedMailbox!;
    const res = await t.monitor.send(getFolderRequest({ mailbox, version: VERSION }));
    const folders = parseGetFolderResponse(res.text, res.status);
    if (!folders.ok) throw new Error(folders.problem.message);
    const [calendar, root] = folders.value.map((f) =>
      f.ok ? { ok: true as const } : { ok: false as const, failure: classifyEwsProblem(f.problem) },
    );
    const finding = diagnoseMailbox({ mailbox, calendar: calendar!, root: root! }, 'CONTOSO\\monitor');
    expect(finding).toMatchObject({ status: 'FAIL', code: 'ErrorFolderNotFound' });
    expect(finding.remedy).toContain(`Add-MailboxPermission -Identity ${mailbox}`);
  });

  it('discovers rooms through room lists', async () => {
    const lists = await t.monitor.send(getRoomListsRequest(VERSION));
    const parsedLists = parseGetRoomListsResponse(lists.text, lists.status);
    if (!parsedLists.ok) throw new Error(parsedLists.problem.message);
    expect(parsedLists.value.map((l) => l.address).sort()).toEqual([
      'rooms-berlin@contoso.com',
      'rooms-newyork@contoso.com',
      'rooms-tokyo@contoso.com',
    ]);
    const rooms = await t.monitor.send(
      getRoomsRequest({ roomList: 'rooms-berlin@contoso.com', version: VERSION }),
    );
    const parsedRooms = parseGetRoomsResponse(rooms.text, rooms.status);
    expect(parsedRooms.ok && parsedRooms.value.map((r) => r.address)).toEqual([
      'berlin-spree@contoso.com',
      'berlin-havel@contoso.com',
      'berlin-tegel@contoso.com',
      'berlin-wannsee@contoso.com',
    ]);
  });
});
