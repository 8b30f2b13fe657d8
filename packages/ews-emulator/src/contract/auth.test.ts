import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEwsEmulator, type TestEwsEmulator } from '../testing/ews-fixture.ts';
import { createSoapTestClient } from '../testing/soap-test-client.ts';
import { envelope, getFolder, calendarOf } from '../testing/soap-envelopes.ts';

const ROOM = 'berlin-spree@contoso.com';

describe('EWS authentication (NTLM default, Basic only when enabled)', () => {
  let t: TestEwsEmulator;
  beforeAll(async () => {
    t = await startTestEwsEmulator();
  });
  afterAll(() => t.close());

  it('challenges an anonymous request with Negotiate and NTLM as two headers, like IIS', async () => {
    const res = await t.monitor.raw(getFolder(calendarOf(ROOM)), {});
    expect(res.status).toBe(401);
    expect(res.challenges).toEqual(['Negotiate', 'NTLM']);
    expect(res.text).toBe('');
  });

  it('accepts an NTLMv2 handshake from a third-party client and keeps the connection signed in', async () => {
    const first = await t.monitor.send(getFolder(calendarOf(ROOM)));
    expect(first.status).toBe(200);
    expect(first.text).toContain('<t:DisplayName>Kalender</t:DisplayName>');
    const before = (await t.emulator.control.requests({ operation: 'GetFolder' })).length;
    const second = await t.monitor.send(getFolder(calendarOf(ROOM)));
    expect(second.status).toBe(200);
    const log = await t.emulator.control.requests({ operation: 'GetFolder' });
    // No second handshake: one more request, answered 200, attributed to the monitor.
    expect(log.slice(before)).toEqual([
      expect.objectContaining({ status: 200, appId: 'monitor', mailbox: ROOM }),
    ]);
  });

  it('answers a wrong password, a locked-out account and a UPN sign-in as IIS does', async () => {
    const wrong = createSoapTestClient({
      ewsUrl: t.emulator.ewsUrl,
      caCertPem: t.emulator.caCertPem,
      user: 'monitor',
      domain: 'CONTOSO',
      password: 'not-the-password',
    });
    expect((await wrong.send(getFolder(calendarOf(ROOM)))).status).toBe(401);
    wrong.close();

    const upn = createSoapTestClient({
      ewsUrl: t.emulator.ewsUrl,
      caCertPem: t.emulator.caCertPem,
      user: 'monitor@contoso.com',
      password: t.emulator.monitor!.password,
    });
    expect((await upn.send(getFolder(calendarOf(ROOM)))).status).toBe(200);
    await t.emulator.control.updateAccount('monitor', { lockedOut: true });
    // Locking ends the signed-in connection too.
    expect((await upn.send(getFolder(calendarOf(ROOM)))).status).toBe(401);
    await t.emulator.control.updateAccount('monitor', { lockedOut: false });
    upn.close();
  });

  it('refuses Basic until the virtual directory allows it, then checks the password', async () => {
    // A fresh connection: the monitor's NTLM connection is already signed in.
    const client = createSoapTestClient({
      ewsUrl: t.emulator.ewsUrl,
      caCertPem: t.emulator.caCertPem,
      user: 'unused',
      password: 'unused',
    });
    const basic = (password: string) => ({
      authorization: `Basic ${Buffer.from(`CONTOSO\\monitor:${password}`).toString('base64')}`,
    });
    const body = getFolder(calendarOf(ROOM));
    const password = t.emulator.monitor!.password;
    expect((await client.raw(body, basic(password))).status).toBe(401);
    await t.emulator.control.setOptions({ basicAuth: true });
    const challenged = await client.raw(body, {});
    expect(challenged.challenges).toEqual(['Negotiate', 'NTLM', 'Basic realm="exch01.contoso.com"']);
    expect((await client.raw(body, basic(password))).status).toBe(200);
    expect((await client.raw(body, basic('wrong'))).status).toBe(401);
    await t.emulator.control.setOptions({ basicAuth: false });
    client.close();
  });

  it('refuses RequestServerVersion Exchange2019 with the ErrorInvalidRequest fault', async () => {
    const res = await t.monitor.send(envelope('<m:GetRoomLists/>', 'Exchange2019'));
    expect(res.status).toBe(500);
    expect(res.text).toContain(
      '<faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorInvalidRequest</faultcode>',
    );
  });
});
