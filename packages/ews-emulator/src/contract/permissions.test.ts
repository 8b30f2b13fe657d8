import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEwsEmulator, type TestEwsEmulator } from '../testing/ews-fixture.ts';
import { calendarOf, findCalendarView, getFolder } from '../testing/soap-envelopes.ts';
import { missingPaths, readSample } from '../testing/xml-shape.ts';

const ROOM = 'tokyo-fuji@contoso.com';
const ROOT = (mailbox: string): string =>
  `<t:DistinguishedFolderId Id="msgfolderroot"><t:Mailbox><t:EmailAddress>${mailbox}</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>`;
const VIEW = (mailbox: string): string =>
  findCalendarView(mailbox, '2030-01-06T00:00:00Z', '2030-01-13T00:00:00Z');

describe("the monitor user's grants (docs/exchange-ews.md §2)", () => {
  let t: TestEwsEmulator;
  beforeAll(async () => {
    t = await startTestEwsEmulator();
  });
  afterAll(() => t.close());

  it('reads a granted room calendar whose folder is named in the mailbox language', async () => {
    const res = await t.monitor.send(getFolder(calendarOf(ROOM)));
    expect(missingPaths(readSample('getfolder-calendar-response.xml'), res.text)).toEqual([]);
    expect(res.text).toContain('<t:DisplayName>予定表</t:DisplayName>');
    expect((await t.monitor.send(VIEW(ROOM))).text).toContain('ResponseClass="Success"');
  });

  it('rejects Add-MailboxFolderPermission on :\\Calendar for a Japanese mailbox, as Exchange does', async () => {
    await expect(
      t.emulator.control.setFolderPermission(`${ROOM}:\\Calendar`, 'monitor', 'None'),
    ).rejects.toThrow(`couldn't be found`);
  });

  it('with Reviewer only: calendar readable, mailbox root denied', async () => {
    await t.emulator.control.setFullAccess(ROOM, 'monitor', false);
    expect((await t.monitor.send(VIEW(ROOM))).text).toContain('ResponseClass="Success"');
    const root = await t.monitor.send(getFolder(ROOT(ROOM)));
    expect(root.text).toContain('<m:ResponseCode>ErrorAccessDenied</m:ResponseCode>');
  });

  it('with no grant: the calendar is not found; an unknown address has no mailbox', async () => {
    await t.emulator.control.setFolderPermission(`${ROOM}:\\予定表`, 'monitor', 'None');
    expect((await t.monitor.send(VIEW(ROOM))).text).toContain(
      '<m:ResponseCode>ErrorFolderNotFound</m:ResponseCode>',
    );
    const ungranted = await t.monitor.send(VIEW(t.emulator.ungrantedMailbox!));
    expect(ungranted.text).toContain('<m:ResponseCode>ErrorFolderNotFound</m:ResponseCode>');
    const missing = await t.monitor.send(VIEW('nobody@contoso.com'));
    expect(missingPaths(readSample('finditem-error-nonexistentmailbox-response.xml'), missing.text)).toEqual(
      [],
    );
    expect(missing.text).toContain('The SMTP address has no mailbox associated with it.');
  });

  it('restores access with FullAccess alone', async () => {
    await t.emulator.control.setFullAccess(ROOM, 'monitor', true);
    expect((await t.monitor.send(getFolder(ROOT(ROOM)))).text).toContain('ResponseClass="Success"');
    expect((await t.monitor.send(VIEW(ROOM))).text).toContain('ResponseClass="Success"');
  });
});
