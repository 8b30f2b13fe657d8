import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { validateExchangeOnPremSettings, validateMonitorPassword } from './validate-exchange-onprem-input.ts';

const VALID = { ewsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx', username: 'CONTOSO\\monitor' };

function refusal(fn: () => unknown): { field: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError && error.code === 'BAD_USER_INPUT')
      return { field: String(error.details.field), message: error.message };
    throw error;
  }
  throw new Error('accepted');
}

describe('EXCHANGE_ONPREM input validation', () => {
  it('fills the defaults: NTLM, Exchange2013_SP1, 8 concurrent requests', () => {
    expect(validateExchangeOnPremSettings({ ...VALID, username: ' monitor@contoso.com ' })).toEqual({
      ewsUrl: VALID.ewsUrl,
      username: 'monitor@contoso.com',
      authentication: 'NTLM',
      requestServerVersion: 'Exchange2013_SP1',
      maxConcurrency: 8,
    });
  });

  it('names the field that is wrong or missing', () => {
    expect(
      refusal(() => validateExchangeOnPremSettings({ ...VALID, ewsUrl: 'http://mail/EWS/Exchange.asmx' }))
        .field,
    ).toBe('exchangeOnPrem.ewsUrl');
    expect(
      refusal(() => validateExchangeOnPremSettings({ ...VALID, ewsUrl: 'https://mail.contoso.com/owa' }))
        .field,
    ).toBe('exchangeOnPrem.ewsUrl');
    expect(refusal(() => validateExchangeOnPremSettings({ ewsUrl: VALID.ewsUrl }))).toEqual({
      field: 'exchangeOnPrem.username',
      message: 'exchangeOnPrem.username: is required',
    });
    expect(refusal(() => validateExchangeOnPremSettings({ ...VALID, username: 'monitor' })).field).toBe(
      'exchangeOnPrem.username',
    );
    expect(refusal(() => validateExchangeOnPremSettings({ ...VALID, maxConcurrency: 40 })).field).toBe(
      'exchangeOnPrem.maxConcurrency',
    );
    expect(refusal(() => validateExchangeOnPremSettings({ ...VALID, caBundlePem: 'not a pem' })).field).toBe(
      'exchangeOnPrem.caBundlePem',
    );
    expect(
      refusal(() => validateExchangeOnPremSettings({ ...VALID, pinnedCertificateSha256: 'ab:cd' })).field,
    ).toBe('exchangeOnPrem.pinnedCertificateSha256');
    expect(refusal(() => validateMonitorPassword('')).field).toBe('exchangeOnPrem.password');
  });

  it('never repeats the password in a refusal', () => {
    const password = 'x'.repeat(300);
    expect(refusal(() => validateMonitorPassword(password)).message).not.toContain(password);
  });

  it('updates over the stored settings; an empty string removes the pin', () => {
    const stored = validateExchangeOnPremSettings({ ...VALID, pinnedCertificateSha256: 'AB'.repeat(32) });
    const next = validateExchangeOnPremSettings(
      { pinnedCertificateSha256: '', exchangeVersion: 'EXCHANGE_2016' },
      stored,
    );
    expect(next.pinnedCertificateSha256).toBeUndefined();
    expect(next).toMatchObject({ ewsUrl: VALID.ewsUrl, requestServerVersion: 'Exchange2016' });
  });

  it('takes exactly one of ewsUrl and autodiscoverDomain, and a new one replaces the other', () => {
    const byDomain = validateExchangeOnPremSettings({
      autodiscoverDomain: ' Contoso.com ',
      username: 'CONTOSO\\monitor',
    });
    expect(byDomain).toMatchObject({ autodiscoverDomain: 'contoso.com' });
    expect(byDomain.ewsUrl).toBeUndefined();
    expect(
      refusal(() => validateExchangeOnPremSettings({ ...VALID, autodiscoverDomain: 'contoso.com' })),
    ).toEqual({
      field: 'exchangeOnPrem.autodiscoverDomain',
      message: 'exchangeOnPrem.autodiscoverDomain: give either ewsUrl or autodiscoverDomain, not both',
    });
    expect(refusal(() => validateExchangeOnPremSettings({ username: 'CONTOSO\\monitor' })).field).toBe(
      'exchangeOnPrem.ewsUrl',
    );
    expect(
      refusal(() =>
        validateExchangeOnPremSettings({ autodiscoverDomain: 'https://contoso.com', username: 'a@b.co' }),
      ).field,
    ).toBe('exchangeOnPrem.autodiscoverDomain');
    const discovered = { ...byDomain, discoveredEwsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx' };
    const switched = validateExchangeOnPremSettings({ ewsUrl: VALID.ewsUrl }, discovered);
    expect(switched.ewsUrl).toBe(VALID.ewsUrl);
    expect(switched.autodiscoverDomain).toBeUndefined();
    expect(switched.discoveredEwsUrl).toBeUndefined();
    const back = validateExchangeOnPremSettings({ autodiscoverDomain: 'fabrikam.com' }, switched);
    expect(back).toMatchObject({ autodiscoverDomain: 'fabrikam.com' });
    expect(back.ewsUrl).toBeUndefined();
  });
});
