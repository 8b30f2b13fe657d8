import { describe, expect, it } from 'vitest';
import { autodiscoverCandidates, parseAutodiscoverOrigins } from './candidates.ts';
import { autodiscoverEmail } from './discover-ews-url.ts';
import { autodiscoverRequest, parseAutodiscoverResponse } from './pox.ts';

const NS = 'xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"';
const OUTLOOK = 'xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"';
const settings = (protocols: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><Autodiscover ${NS}><Response ${OUTLOOK}><Account>` +
  `<AccountType>email</AccountType><Action>settings</Action>${protocols}</Account></Response></Autodiscover>`;
const protocol = (type: string, url: string): string =>
  `<Protocol><Type>${type}</Type><EwsUrl>${url}</EwsUrl></Protocol>`;

describe('POX Autodiscover', () => {
  it('asks about one address in the Outlook response schema, escaped', () => {
    const xml = autodiscoverRequest('o<brien@contoso.com');
    expect(xml).toContain('<EMailAddress>o&lt;brien@contoso.com</EMailAddress>');
    expect(xml).toContain(
      '<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>',
    );
  });

  it('prefers the external (EXPR) EwsUrl over the internal (EXCH) one', () => {
    const xml = settings(
      protocol('EXCH', 'https://exch01.contoso.local/EWS/Exchange.asmx') +
        protocol('EXPR', 'https://mail.contoso.com/EWS/Exchange.asmx'),
    );
    expect(parseAutodiscoverResponse(xml)).toEqual({
      kind: 'ewsUrl',
      url: 'https://mail.contoso.com/EWS/Exchange.asmx',
    });
    expect(parseAutodiscoverResponse(settings(protocol('EXCH', 'https://exch01/EWS/Exchange.asmx')))).toEqual(
      {
        kind: 'ewsUrl',
        url: 'https://exch01/EWS/Exchange.asmx',
      },
    );
  });

  it('reports errors, redirects and URLs that are not EWS without following them', () => {
    const error =
      `<Autodiscover ${NS}><Response><Error Time="1" Id="2"><ErrorCode>500</ErrorCode>` +
      `<Message>The email address can't be found.</Message></Error></Response></Autodiscover>`;
    expect(parseAutodiscoverResponse(error)).toEqual({
      kind: 'error',
      message: "The email address can't be found.",
    });
    const redirect = `<Autodiscover ${NS}><Response ${OUTLOOK}><Account><Action>redirectAddr</Action><RedirectAddr>a@fabrikam.com</RedirectAddr></Account></Response></Autodiscover>`;
    expect(parseAutodiscoverResponse(redirect)).toEqual({ kind: 'redirect', to: 'a@fabrikam.com' });
    expect(
      parseAutodiscoverResponse(settings(protocol('EXPR', 'http://mail.contoso.com/EWS/Exchange.asmx'))).kind,
    ).toBe('error');
    expect(parseAutodiscoverResponse(settings('')).kind).toBe('error');
    expect(parseAutodiscoverResponse('<html>login</html>').kind).toBe('error');
    expect(parseAutodiscoverResponse('not xml <').kind).toBe('error');
  });

  it("tries the domain, then autodiscover.<domain>, with an operator's origin override keeping that order", () => {
    expect(autodiscoverCandidates('Contoso.com')).toEqual([
      'https://contoso.com/autodiscover/autodiscover.xml',
      'https://autodiscover.contoso.com/autodiscover/autodiscover.xml',
    ]);
    const origins = parseAutodiscoverOrigins('autodiscover.contoso.com=https://127.0.0.1:9444/');
    expect(autodiscoverCandidates('contoso.com', origins)).toEqual([
      'https://contoso.com/autodiscover/autodiscover.xml',
      'https://127.0.0.1:9444/autodiscover/autodiscover.xml',
    ]);
    expect(() => parseAutodiscoverOrigins('contoso.com=http://127.0.0.1:1')).toThrow();
    expect(() => parseAutodiscoverOrigins('https://127.0.0.1:1')).toThrow();
  });

  it('asks about the monitor: its UPN, or user@domain for DOMAIN\\user', () => {
    expect(autodiscoverEmail('monitor@contoso.com', 'fabrikam.com')).toBe('monitor@contoso.com');
    expect(autodiscoverEmail('CONTOSO\\monitor', 'contoso.com')).toBe('monitor@contoso.com');
  });
});
