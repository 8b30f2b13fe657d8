import { describe, expect, it } from 'vitest';
import { normaliseAddress, normaliseAddresses } from './mailbox-address.ts';

describe('mailbox addresses', () => {
  it('lower-cases and trims valid SMTP addresses', () => {
    expect(normaliseAddress('  Adele.Vance@Contoso.OnMicrosoft.com ')).toBe(
      'adele.vance@contoso.onmicrosoft.com',
    );
    expect(normaliseAddress("o'brien+room@sub.example.org")).toBe("o'brien+room@sub.example.org");
  });

  it('refuses what is not an SMTP address', () => {
    for (const bad of [
      '',
      'adele',
      '@contoso.com',
      'adele@',
      'adele@contoso',
      'a b@contoso.com',
      'a..b@contoso.com',
      'adele@-contoso.com',
    ]) {
      expect(normaliseAddress(bad), bad).toBeNull();
    }
  });

  it('de-duplicates case-insensitively and names the bad entry', () => {
    expect(normaliseAddresses('addresses', ['A@x.com', 'a@X.com', 'b@x.com'])).toEqual([
      'a@x.com',
      'b@x.com',
    ]);
    expect(() => normaliseAddresses('addresses', ['a@x.com', 'nope'])).toThrow(
      /addresses\[1\]: "nope" is not an SMTP address/,
    );
  });
});
