import type { EwsAccount } from '../directory/types.ts';
import type { EwsEmulatorState } from '../state.ts';
import { escapeXml } from '../soap/xml-text.ts';

export const AUTODISCOVER_PATH = '/autodiscover/autodiscover.xml';

const RESPONSE_NS = 'http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006';
const OUTLOOK_NS = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

/**
 * The internal EWS URL Exchange publishes in the EXCH protocol block: a name only the organisation's own
 * network resolves, so a client outside it must use the EXPR (external) one — as calsync does.
 */
export const INTERNAL_EWS_URL = 'https://exch01.contoso.local/EWS/Exchange.asmx';

function errorResponse(message: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${RESPONSE_NS}"><Response>` +
    `<Error Time="00:00:00.0000000" Id="2477272013"><ErrorCode>500</ErrorCode>` +
    `<Message>${escapeXml(message)}</Message><DebugData /></Error></Response></Autodiscover>`
  );
}

/**
 * POX Autodiscover (`POST /autodiscover/autodiscover.xml`) as Exchange on premises answers it for a signed-in
 * account: the user's settings with an EXCH (internal) and an EXPR (external) protocol block, each with its
 * EwsUrl; an unknown address gets Exchange's error 500 in the body (HTTP 200). The external URL is the
 * address the client reached this server on.
 */
export function answerAutodiscover(
  xml: string,
  account: EwsAccount,
  state: EwsEmulatorState,
  hostHeader: string,
): string {
  const email = /<(?:[\w-]+:)?EMailAddress>\s*([^<\s]+)\s*</.exec(xml)?.[1]?.toLowerCase();
  if (!email) return errorResponse('The request is invalid: EMailAddress is missing.');
  const known =
    email === account.userPrincipalName.toLowerCase() || state.directory.mailbox(email) !== undefined;
  if (!known) return errorResponse("The email address can't be found.");
  const externalUrl = `https://${hostHeader}/EWS/Exchange.asmx`;
  return (
    `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${RESPONSE_NS}"><Response xmlns="${OUTLOOK_NS}">` +
    `<User><AutoDiscoverSMTPAddress>${escapeXml(email)}</AutoDiscoverSMTPAddress></User>` +
    `<Account><AccountType>email</AccountType><Action>settings</Action>` +
    `<Protocol><Type>EXCH</Type><Server>exch01.contoso.local</Server><EwsUrl>${INTERNAL_EWS_URL}</EwsUrl></Protocol>` +
    `<Protocol><Type>EXPR</Type><Server>${escapeXml(hostHeader)}</Server><EwsUrl>${escapeXml(externalUrl)}</EwsUrl></Protocol>` +
    `</Account></Response></Autodiscover>`
  );
}
