import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_EWS_URL } from '../autodiscover/pox-autodiscover.ts';
import { startTestEwsEmulator, type TestEwsEmulator } from '../testing/ews-fixture.ts';
import { createSoapTestClient, type SoapTestClient } from '../testing/soap-test-client.ts';

const request = (email: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">` +
  `<Request><EMailAddress>${email}</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>`;

describe('POX Autodiscover (/autodiscover/autodiscover.xml)', () => {
  let t: TestEwsEmulator;
  let client: SoapTestClient;
  beforeAll(async () => {
    t = await startTestEwsEmulator();
    client = createSoapTestClient({
      ewsUrl: `${t.emulator.url}/Autodiscover/Autodiscover.xml`,
      caCertPem: t.emulator.caCertPem,
      user: t.emulator.monitor!.samAccountName,
      domain: t.emulator.state.directory.netbiosDomain,
      password: t.emulator.monitor!.password,
    });
  });
  afterAll(async () => {
    client.close();
    await t.close();
  });

  it('challenges like EWS: Negotiate and NTLM', async () => {
    const res = await client.raw(request('monitor@contoso.com'), {});
    expect(res.status).toBe(401);
    expect(res.challenges).toEqual(['Negotiate', 'NTLM']);
  });

  it('answers a known address with the internal (EXCH) and the external (EXPR) EWS URL', async () => {
    const res = await client.send(request('berlin-spree@contoso.com'));
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      `<Type>EXCH</Type><Server>exch01.contoso.local</Server><EwsUrl>${INTERNAL_EWS_URL}</EwsUrl>`,
    );
    expect(res.text).toContain(`<EwsUrl>${t.emulator.ewsUrl}</EwsUrl>`);
    expect(res.text).toContain('<Action>settings</Action>');
  });

  it("answers an unknown address with Exchange's error 500 in the body", async () => {
    const res = await client.send(request('nobody@fabrikam.com'));
    expect(res.status).toBe(200);
    expect(res.text).toContain('<ErrorCode>500</ErrorCode>');
    expect(res.text).toContain('<Message>The email address can&apos;t be found.</Message>');
  });
});
