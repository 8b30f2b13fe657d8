// POX Autodiscover against the EWS emulator over HTTPS with NTLM: the candidate order, the external URL, and
// what a refused sign-in looks like. The domain reaches the emulator through the operator's origin override.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEwsEmulator, type TestEwsEmulator } from '@calsync/ews-emulator/testing';
import { AutodiscoverError, discoverEwsUrl } from './discover-ews-url.ts';

let ews: TestEwsEmulator;

beforeAll(async () => {
  ews = await startTestEwsEmulator();
});

afterAll(async () => {
  await ews?.close();
});

const input = (password: string) => ({
  domain: 'contoso.com',
  username: ews.emulator.monitor!.domainUser,
  password,
  authentication: 'NTLM' as const,
  caBundlePem: ews.emulator.caCertPem,
  timeoutMs: 10_000,
  // contoso.com itself has no Autodiscover (nothing listens on port 1); autodiscover.contoso.com does.
  origins: { 'contoso.com': 'https://127.0.0.1:1', 'autodiscover.contoso.com': ews.emulator.url },
});

describe('Autodiscover against the EWS emulator', () => {
  it('falls through to autodiscover.<domain>, signs in with NTLM and takes the external EWS URL', async () => {
    ews.emulator.state.requestLog.clear();
    expect(await discoverEwsUrl(input(ews.emulator.monitor!.password))).toBe(ews.emulator.ewsUrl);
    const log = ews.emulator.state.requestLog.query().filter((e) => e.route === 'Autodiscover');
    expect(log.map((e) => e.status)).toEqual([401, 200]);
    expect(log.at(-1)?.appId).toBe(ews.emulator.monitor!.samAccountName);
  });

  it('reports each candidate it tried when the password is refused, without the password', async () => {
    const error = await discoverEwsUrl(input('wrong password 1!')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AutodiscoverError);
    const attempts = (error as AutodiscoverError).attempts;
    expect(attempts.map((a) => a.url)).toEqual([
      'https://127.0.0.1:1/autodiscover/autodiscover.xml',
      `${ews.emulator.url}/autodiscover/autodiscover.xml`,
    ]);
    expect(attempts[0]?.outcome).toContain('ECONNREFUSED');
    expect(attempts[1]?.outcome).toBe('HTTP 401');
    expect((error as Error).message).not.toContain('wrong password');
  });
});
