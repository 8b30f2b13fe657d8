import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEwsEmulator, type TestEwsEmulator } from '../testing/ews-fixture.ts';
import { findCalendarView, getItem } from '../testing/soap-envelopes.ts';
import { missingPaths, parseXml, readSample } from '../testing/xml-shape.ts';

const BOX = 'swim@contoso.com';

function items(xml: string): Record<string, any>[] {
  const doc = parseXml(xml) as any;
  const list =
    doc.Envelope.Body.FindItemResponse.ResponseMessages.FindItemResponseMessage.RootFolder.Items.CalendarItem;
  return list === undefined ? [] : Array.isArray(list) ? list : [list];
}

describe('FindItem with CalendarView and GetItem (docs/exchange-ews.md §3, §5)', () => {
  let t: TestEwsEmulator;
  let masterItemId: string;
  beforeAll(async () => {
    t = await startTestEwsEmulator();
    const control = t.emulator.control;
    await control.createMailbox({ address: BOX, displayName: 'Swim Team', culture: 'en-US' });
    await control.setFullAccess(BOX, 'monitor', true);
    const series = await control.createEvent(BOX, {
      subject: 'Swim Team Practice',
      start: { dateTime: '2030-07-02T08:30:00', timeZone: 'Pacific Standard Time' },
      end: { dateTime: '2030-07-02T10:00:00', timeZone: 'Pacific Standard Time' },
      location: { displayName: 'Neighborhood Swimming Pool' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
        range: { type: 'numbered', startDate: '2030-07-02', numberOfOccurrences: 5 },
      },
    });
    masterItemId = series.itemId;
  });
  afterAll(() => t.close());

  it('expands a series into occurrences, never the master, in the shape of the documented response', async () => {
    const res = await t.monitor.send(
      findCalendarView(BOX, '2030-07-01T07:00:00.000Z', '2030-07-31T07:00:00.000Z'),
    );
    expect(res.status).toBe(200);
    expect(missingPaths(readSample('finditem-calendarview-occurrences-response.xml'), res.text)).toEqual([]);
    const found = items(res.text);
    expect(found.map((i) => [i.Start, i.End, i.CalendarItemType])).toEqual([
      ['2030-07-02T15:30:00Z', '2030-07-02T17:00:00Z', 'Occurrence'],
      ['2030-07-09T15:30:00Z', '2030-07-09T17:00:00Z', 'Occurrence'],
      ['2030-07-16T15:30:00Z', '2030-07-16T17:00:00Z', 'Occurrence'],
      ['2030-07-23T15:30:00Z', '2030-07-23T17:00:00Z', 'Occurrence'],
      ['2030-07-30T15:30:00Z', '2030-07-30T17:00:00Z', 'Occurrence'],
    ]);
    expect(new Set(found.map((i) => i.ItemId['@_Id'])).size).toBe(5);
    expect(found.every((i) => i.Location === 'Neighborhood Swimming Pool')).toBe(true);
  });

  it('truncates to MaxEntriesReturned with TotalItemsInView and IncludesLastItemInRange=false', async () => {
    const res = await t.monitor.send(
      findCalendarView(BOX, '2030-07-01T00:00:00Z', '2030-08-01T00:00:00Z', 2),
    );
    expect(missingPaths(readSample('finditem-calendarview-partial-response.xml'), res.text)).toEqual([]);
    expect(res.text).toContain('<m:RootFolder TotalItemsInView="5" IncludesLastItemInRange="false">');
    expect(items(res.text)).toHaveLength(2);
  });

  it('refuses a window over two years and a window holding more than EWSFindCountLimit items', async () => {
    const tooBig = await t.monitor.send(
      findCalendarView(BOX, '2030-01-01T00:00:00Z', '2032-02-01T00:00:00Z'),
    );
    expect(tooBig.text).toContain('<m:ResponseCode>ErrorCalendarViewRangeTooBig</m:ResponseCode>');
    await t.emulator.control.setOptions({ findCountLimit: 3 });
    const tooMany = await t.monitor.send(
      findCalendarView(BOX, '2030-07-01T00:00:00Z', '2030-08-01T00:00:00Z', 2),
    );
    expect(
      missingPaths(readSample('finditem-error-exceededfindcountlimit-response.xml'), tooMany.text),
    ).toEqual([]);
    expect(tooMany.text).toContain('<t:Value Name="PolicyLimit">3</t:Value>');
    await t.emulator.control.setOptions({ findCountLimit: 1000 });
  });

  it('refuses properties FindItem cannot return (body, attendees, recurrence)', async () => {
    const res = await t.monitor.send(
      findCalendarView(BOX, '2030-07-01T00:00:00Z', '2030-08-01T00:00:00Z', undefined, ['item:Body']),
    );
    expect(res.text).toContain('<m:ResponseCode>ErrorInvalidPropertyRequest</m:ResponseCode>');
  });

  it('returns items ending exactly at StartDate, as Exchange does', async () => {
    const res = await t.monitor.send(findCalendarView(BOX, '2030-07-02T17:00:00Z', '2030-07-03T00:00:00Z'));
    expect(items(res.text).map((i) => i.Start)).toEqual(['2030-07-02T15:30:00Z']);
  });

  it('GetItem answers a batch per id: the master with recurrence, an occurrence with the series UID, a missing item', async () => {
    const view = items(
      (
        await t.monitor.send(
          findCalendarView(BOX, '2030-07-01T00:00:00Z', '2030-08-01T00:00:00Z', undefined, ['calendar:UID']),
        )
      ).text,
    );
    const occurrence = view[1]!;
    const gone = 'AAMkAE' + Buffer.from(`${BOX}\0nope`).toString('base64');
    const res = await t.monitor.send(
      getItem(
        [masterItemId, occurrence.ItemId['@_Id'], gone],
        [
          'item:Subject',
          'calendar:UID',
          'calendar:Recurrence',
          'calendar:CalendarItemType',
          'calendar:RecurrenceId',
          'calendar:Organizer',
        ],
      ),
    );
    expect(
      missingPaths(
        readSample('deleteitem-error-itemnotfound-response.xml'),
        res.text,
        /^Envelope\.Header|xmlns|DeleteItem/,
      ),
    ).toEqual([]);
    const messages = (parseXml(res.text) as any).Envelope.Body.GetItemResponse.ResponseMessages
      .GetItemResponseMessage;
    expect(messages.map((m: any) => m['@_ResponseClass'])).toEqual(['Success', 'Success', 'Error']);
    const master = messages[0].Items.CalendarItem;
    expect(master.CalendarItemType).toBe('RecurringMaster');
    expect(master.Recurrence.WeeklyRecurrence).toEqual({
      Interval: '1',
      DaysOfWeek: 'Tuesday',
      FirstDayOfWeek: 'Sunday',
    });
    expect(master.Recurrence.NumberedRecurrence).toEqual({
      StartDate: '2030-07-02',
      NumberOfOccurrences: '5',
    });
    const second = messages[1].Items.CalendarItem;
    expect(second.UID).toBe(master.UID);
    expect(second.UID).toBe(occurrence.UID);
    expect(second.RecurrenceId).toBe('2030-07-09T15:30:00Z');
    expect(second.Organizer.Mailbox.EmailAddress).toBe(BOX);
    expect(messages[2].ResponseCode).toBe('ErrorItemNotFound');
  });
});
