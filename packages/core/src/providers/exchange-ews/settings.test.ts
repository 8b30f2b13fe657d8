import { describe, expect, it } from 'vitest';
import { exchangeOnPremSettingsSchema } from './settings.ts';

const valid = { ewsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx', username: 'CONTOSO\\monitor' };

function fieldsOf(input: unknown): string[] {
  const result = exchangeOnPremSettingsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('on-premises Exchange connector settings', () => {
  it('defaults to NTLM, Exchange2013_SP1 and a concurrency below EWSMaxConcurrency', () => {
    expect(exchangeOnPremSettingsSchema.parse(valid)).toEqual({
      ...valid,
      authentication: 'NTLM',
      requestServerVersion: 'Exchange2013_SP1',
      maxConcurrency: 8,
    });
    expect(exchangeOnPremSettingsSchema.parse({ ...valid, username: 'monitor@contoso.com' }).username).toBe(
      'monitor@contoso.com',
    );
  });

  it('names the field that is wrong', () => {
    expect(fieldsOf({ ...valid, ewsUrl: 'http://mail.contoso.com/EWS/Exchange.asmx' })).toEqual(['ewsUrl']);
    expect(fieldsOf({ ...valid, ewsUrl: 'https://mail.contoso.com/owa' })).toEqual(['ewsUrl']);
    expect(fieldsOf({ ...valid, username: 'monitor' })).toEqual(['username']);
    expect(fieldsOf({ ...valid, authentication: 'KERBEROS' })).toEqual(['authentication']);
    expect(fieldsOf({ ...valid, requestServerVersion: 'Exchange2019' })).toEqual(['requestServerVersion']);
    expect(fieldsOf({ ...valid, caBundlePem: 'not a pem' })).toEqual(['caBundlePem']);
    expect(fieldsOf({ ...valid, pinnedCertificateSha256: 'abc' })).toEqual(['pinnedCertificateSha256']);
    expect(fieldsOf({ ...valid, maxConcurrency: 40 })).toEqual(['maxConcurrency']);
  });
});
