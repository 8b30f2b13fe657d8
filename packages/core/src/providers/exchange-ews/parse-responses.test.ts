import { describe, expect, it } from 'vitest';
import {
  parseFindItemResponse,
  parseGetFolderResponse,
  parseGetItemResponse,
  parseSyncFolderItemsResponse,
} from './parse-responses.ts';
import { readEnvelope } from './read-envelope.ts';
import { readEwsSample } from '@calsync/ews-emulator/samples';

describe('EWS response parsing on Microsoft samples', () => {
  it('reads a CalendarView of expanded occurrences', () => {
    const page = parseFindItemResponse(readEwsSample('finditem-calendarview-occurrences-response.xml'));
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    expect(page.value.totalItemsInView).toBe(5);
    expect(page.value.includesLastItemInRange).toBe(true);
    expect(page.value.items.map((i) => [i.itemId, i.start, i.calendarItemType])).toEqual([
      ['AAMkADA6...', '2014-07-02T15:30:00Z', 'Occurrence'],
      ['AAMkADA7...', '2014-07-09T15:30:00Z', 'Occurrence'],
      ['AAMkADA8...', '2014-07-16T15:30:00Z', 'Occurrence'],
      ['AAMkADA9...', '2014-07-23T15:30:00Z', 'Occurrence'],
      ['AAMkADAA...', '2014-07-30T15:30:00Z', 'Occurrence'],
    ]);
    expect(page.value.items[0]?.location).toBe('Neighborhood Swimming Pool');
  });

  it('tells a truncated view (MaxEntriesReturned) from a complete one', () => {
    const page = parseFindItemResponse(readEwsSample('finditem-calendarview-partial-response.xml'));
    expect(page.ok && page.value).toMatchObject({ totalItemsInView: 33, includesLastItemInRange: false });
    expect(page.ok && page.value.items).toHaveLength(5);
  });

  it('turns per-message errors into problems with their MessageXml values', () => {
    const limit = parseFindItemResponse(readEwsSample('finditem-error-exceededfindcountlimit-response.xml'));
    expect(limit).toEqual({
      ok: false,
      problem: expect.objectContaining({
        source: 'message',
        code: 'ErrorExceededFindCountLimit',
        values: { PolicyLimit: '1000' },
      }),
    });
    const missing = parseFindItemResponse(readEwsSample('finditem-error-nonexistentmailbox-response.xml'));
    expect(!missing.ok && missing.problem.code).toBe('ErrorNonExistentMailbox');
    const state = parseSyncFolderItemsResponse(
      readEwsSample('syncfolderitems-error-invalidsyncstate-response.xml'),
    );
    expect(!state.ok && state.problem.code).toBe('ErrorInvalidSyncStateData');
  });

  it('reads SOAP faults, including ErrorServerBusy with BackOffMilliseconds', () => {
    const busy = parseFindItemResponse(readEwsSample('fault-errorserverbusy-backoff-response.xml'), 500);
    expect(busy).toEqual({
      ok: false,
      problem: {
        source: 'fault',
        code: 'ErrorServerBusy',
        message: 'The server cannot service this request right now. Try again later.',
        values: { BackOffMilliseconds: '297749' },
        status: 500,
      },
    });
    const invalid = parseFindItemResponse(readEwsSample('fault-errorinvalidrequest-response.xml'), 500);
    expect(!invalid.ok && invalid.problem.code).toBe('ErrorInvalidRequest');
  });

  it('reads SyncFolderItems changes without falling for <t:Delete> inside EffectiveRights', () => {
    const page = parseSyncFolderItemsResponse(readEwsSample('syncfolderitems-incremental-response.xml'));
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    expect(page.value.syncState).toBe('H4sIAAAAAAAEAO29B2AcSZY==');
    expect(page.value.includesLastItemInRange).toBe(true);
    expect(page.value.changes.map((c) => [c.kind, c.itemId])).toEqual([
      ['create', 'AQMkAD+'],
      ['create', 'Q04AAAAA=='],
      ['update', 'q04QAAAA=='],
      ['delete', 'q1AwAAAA=='],
      ['readFlagChange', 'q07AAAAA=='],
    ]);
    const initial = parseSyncFolderItemsResponse(
      readEwsSample('syncfolderitems-initial-idonly-response.xml'),
    );
    expect(initial.ok && initial.value.changes.filter((c) => c.kind === 'create')).toHaveLength(5);
  });

  it('reads a GetItem batch per id, attendees as lists, bodies as text', () => {
    const batch = parseGetItemResponse(readEwsSample('getitem-batch-response.xml'));
    expect(batch.ok).toBe(true);
    if (!batch.ok) return;
    const items = batch.value.map((r) => (r.ok ? r.value : undefined));
    expect(items.map((i) => i?.calendarItemType)).toEqual(['Single', 'RecurringMaster', 'Single']);
    expect(items[2]?.attendees.map((a) => [a.kind, a.mailbox.address, a.responseType])).toEqual([
      ['required', 'Mack@contoso.com', 'Unknown'],
      ['required', 'Sadie@contoso.com', 'Unknown'],
      ['required', 'Magdalena@contoso.com', 'Unknown'],
    ]);
    // The sample's body is double-escaped in Microsoft's page: it must stay text, never markup.
    expect(items[0]?.body?.content).toContain('&lt;html&gt;');
    const single = parseGetItemResponse(readEwsSample('getitem-calendar-default-response.xml'));
    expect(single.ok && single.value[0]?.ok && single.value[0].value.organizer).toEqual({
      name: 'Bob',
      address: 'someone@example.com',
    });
  });

  it('reads GetFolder and the error messages of any operation', () => {
    const folder = parseGetFolderResponse(readEwsSample('getfolder-calendar-response.xml'));
    expect(folder.ok && folder.value[0]).toEqual({
      ok: true,
      value: { folderId: 'AAMk', displayName: null, totalCount: null },
    });
    const deleted = readEnvelope(readEwsSample('deleteitem-error-itemnotfound-response.xml'), 'DeleteItem');
    expect(deleted.kind === 'messages' && deleted.messages.map((m) => [m.responseClass, m.code])).toEqual([
      ['Error', 'ErrorItemNotFound'],
      ['Error', 'ErrorItemNotFound'],
      ['Error', 'ErrorItemNotFound'],
    ]);
  });

  it('keeps numeric-looking subjects as text and reports malformed XML as a problem', () => {
    const xml = readEwsSample('finditem-calendarview-partial-response.xml').replace(
      'Tennis at the club',
      '2024',
    );
    const page = parseFindItemResponse(xml);
    expect(page.ok && page.value.items[3]?.subject).toBe('2024');
    const broken = parseFindItemResponse("<html>Server Error in '/EWS' Application", 500);
    expect(!broken.ok && broken.problem).toMatchObject({ source: 'malformed', status: 500 });
  });
});
