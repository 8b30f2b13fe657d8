import { escapeXml, isNode, parseXml, type XmlNode } from '../xml.ts';

const REQUEST_NS = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
const RESPONSE_SCHEMA = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

/** The POX Autodiscover request for one address (the Outlook provider's schema, which carries EwsUrl). */
export function autodiscoverRequest(email: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${REQUEST_NS}"><Request>` +
    `<EMailAddress>${escapeXml(email)}</EMailAddress>` +
    `<AcceptableResponseSchema>${RESPONSE_SCHEMA}</AcceptableResponseSchema></Request></Autodiscover>`
  );
}

export type AutodiscoverAnswer =
  | { kind: 'ewsUrl'; url: string }
  /** Redirects (`redirectAddr`/`redirectUrl`) are reported, never followed (docs/exchange-ews.md §1.2). */
  | { kind: 'redirect'; to: string }
  | { kind: 'error'; message: string };

const text = (node: XmlNode, name: string): string | undefined => {
  const value = node[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const list = (value: unknown): XmlNode[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is XmlNode => isNode(v));

/**
 * Reads a POX Autodiscover response. calsync runs outside the organisation's network, so the external
 * (`EXPR`) protocol's EwsUrl wins over the internal (`EXCH`) one, which often names an internal host.
 */
export function parseAutodiscoverResponse(xml: string): AutodiscoverAnswer {
  let doc: XmlNode;
  try {
    doc = parseXml(xml);
  } catch {
    return { kind: 'error', message: 'the answer is not XML' };
  }
  const root = doc['Autodiscover'];
  const response = isNode(root) ? root['Response'] : undefined;
  if (!isNode(response)) return { kind: 'error', message: 'the answer is not an Autodiscover response' };
  const error = response['Error'];
  if (isNode(error)) return { kind: 'error', message: text(error, 'Message') ?? 'Autodiscover error' };
  const account = response['Account'];
  if (!isNode(account)) return { kind: 'error', message: 'the answer has no Account' };
  const action = text(account, 'Action');
  if (action === 'redirectAddr' || action === 'redirectUrl')
    return {
      kind: 'redirect',
      to: text(account, 'RedirectAddr') ?? text(account, 'RedirectUrl') ?? '(no target)',
    };
  const protocols = list(account['Protocol']);
  const byType = (type: string): string | undefined =>
    protocols
      .filter((p) => text(p, 'Type') === type)
      .map((p) => text(p, 'EwsUrl'))
      .find((url) => url !== undefined);
  const url = byType('EXPR') ?? byType('EXCH');
  if (!url) return { kind: 'error', message: 'the answer names no EwsUrl' };
  if (!/^https:\/\/[^/]+\/ews\/exchange\.asmx$/i.test(url))
    return { kind: 'error', message: 'the EwsUrl it names is not an https …/EWS/Exchange.asmx URL' };
  return { kind: 'ewsUrl', url };
}
