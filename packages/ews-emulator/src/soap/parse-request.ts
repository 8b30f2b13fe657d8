import { XMLParser } from 'fast-xml-parser';
import { SOAP_ENVELOPE_NS } from './namespaces.ts';
import { attr, child, isNode, type XmlNode } from './parsed-node.ts';

/** A SOAP request as the operations see it. */
export interface EwsRequest {
  /** Local name of the body's root element: the operation (EWS needs no SOAPAction header). */
  operation: string;
  body: XmlNode;
  requestServerVersion: string | undefined;
  /** Windows zone id of the TimeZoneContext header, when present. */
  timeZoneContext: string | undefined;
  impersonating: boolean;
}

export type ParseResult = { ok: true; request: EwsRequest } | { ok: false; reason: string };

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
});

const ENVELOPE_TAG = /<(?:([A-Za-z_][\w.-]*):)?Envelope\b([^>]*)>/;

/**
 * Parses a SOAP 1.1 envelope. The envelope namespace is checked on the raw text because the parser drops
 * prefixes: a client copying Microsoft's mistyped `https://schemas.xmlsoap.org/...` must fail like on Exchange.
 */
export function parseSoapRequest(xml: string): ParseResult {
  const tag = ENVELOPE_TAG.exec(xml);
  if (!tag) return { ok: false, reason: 'no SOAP envelope' };
  const prefix = tag[1];
  const declaration = new RegExp(`xmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(
    tag[2] ?? '',
  );
  if (declaration?.[1] !== SOAP_ENVELOPE_NS) return { ok: false, reason: 'wrong SOAP envelope namespace' };
  let doc: unknown;
  try {
    doc = parser.parse(xml, true);
  } catch {
    return { ok: false, reason: 'malformed XML' };
  }
  const envelope = child(doc, 'Envelope');
  const body = child(envelope, 'Body');
  const header = child(envelope, 'Header');
  const operation = body ? Object.keys(body).find((k) => !k.startsWith('@_') && k !== '#text') : undefined;
  const value = operation === undefined || !body ? undefined : body[operation];
  // `<m:GetRoomLists/>` parses to '' : an operation without parameters.
  const operationNode = value === '' ? {} : value;
  if (operation === undefined || !isNode(operationNode)) return { ok: false, reason: 'empty SOAP body' };
  return {
    ok: true,
    request: {
      operation,
      body: operationNode,
      requestServerVersion: attr(child(header, 'RequestServerVersion'), 'Version'),
      timeZoneContext: attr(child(child(header, 'TimeZoneContext'), 'TimeZoneDefinition'), 'Id'),
      impersonating: child(header, 'ExchangeImpersonation') !== undefined,
    },
  };
}
