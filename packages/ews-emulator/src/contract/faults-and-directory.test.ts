import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEwsEmulator, type TestEwsEmulator } from '../testing/ews-fixture.ts';
import { envelope, findCalendarView } from '../testing/soap-envelopes.ts';
import { missingPaths, readSample } from '../testing/xml-shape.ts';

const ROOM = 'newyork-hudson@contoso.com';
const VIEW = findCalendarView(ROOM, '2030-01-06T00:00:00Z', '2030-01-13T00:00:00Z');

describe('faults, throttling and directory look-ups', () => {
  let t: TestEwsEmulator;
  beforeAll(async () => {
    t = await startTestEwsEmulator();
  });
  afterAll(() => t.close());

  it('serves ErrorServerBusy as the documented HTTP 500 fault with BackOffMilliseconds, once', async () => {
    await t.emulator.control.addFault({
      type: 'serverBusy',
      backOffMs: 297749,
      operation: 'FindItem',
      mailbox: ROOM,
    });
    const busy = await t.monitor.send(VIEW);
    expect(busy.status).toBe(500);
    expect(missingPaths(readSample('fault-errorserverbusy-backoff-response.xml'), busy.text)).toEqual([]);
    expect(busy.text).toContain('<t:Value Name="BackOffMilliseconds">297749</t:Value>');
    expect((await t.monitor.send(VIEW)).status).toBe(200);
    const log = await t.emulator.control.requests({ operation: 'FindItem', mailbox: ROOM });
    // The 401 is the NTLM handshake's first leg (Type 1 → challenge).
    expect(log.map((e) => e.status)).toEqual([401, 500, 200]);
  });

  it("answers a request over the account's EWSMaxConcurrency with ErrorExceededConnectionCount", async () => {
    await t.emulator.control.setOptions({ maxConcurrency: 0 });
    expect((await t.monitor.send(VIEW)).text).toContain(
      '<m:ResponseCode>ErrorExceededConnectionCount</m:ResponseCode>',
    );
    await t.emulator.control.setOptions({ maxConcurrency: 27 });
  });

  it("rejects the mistyped https:// SOAP namespace that Microsoft's current pages show", async () => {
    const wrong = VIEW.replace(
      'http://schemas.xmlsoap.org/soap/envelope/',
      'https://schemas.xmlsoap.org/soap/envelope/',
    );
    const res = await t.monitor.send(wrong);
    expect(res.status).toBe(500);
    expect(res.text).toContain('wrong SOAP envelope namespace');
  });

  it('lists room lists and their rooms, and resolves names against the directory', async () => {
    const lists = await t.monitor.send(envelope('<m:GetRoomLists/>'));
    expect(lists.text).toContain('<t:EmailAddress>rooms-berlin@contoso.com</t:EmailAddress>');
    const rooms = await t.monitor.send(
      envelope(
        '<m:GetRooms><m:RoomList><t:EmailAddress>rooms-tokyo@contoso.com</t:EmailAddress></m:RoomList></m:GetRooms>',
      ),
    );
    expect(rooms.text.match(/<t:Room>/g)).toHaveLength(4);
    expect(rooms.text).toContain('<t:EmailAddress>tokyo-sakura@contoso.com</t:EmailAddress>');
    const one = await t.monitor.send(
      envelope(
        '<m:ResolveNames ReturnFullContactData="true"><m:UnresolvedEntry>smtp:pool-car@contoso.com</m:UnresolvedEntry></m:ResolveNames>',
      ),
    );
    expect(one.text).toContain('ResponseClass="Success"');
    expect(one.text).toContain('<t:Name>Pool Car</t:Name>');
    const many = await t.monitor.send(
      envelope(
        '<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>berlin</m:UnresolvedEntry></m:ResolveNames>',
      ),
    );
    expect(many.text).toContain('<m:ResponseCode>ErrorNameResolutionMultipleResults</m:ResponseCode>');
  });

  it('gives identical answers for the same seed and time', async () => {
    const other = await startTestEwsEmulator();
    try {
      expect(other.emulator.monitor).toEqual(t.emulator.monitor);
      expect((await other.monitor.send(VIEW)).text).toBe((await t.monitor.send(VIEW)).text);
    } finally {
      await other.close();
    }
  });
});
