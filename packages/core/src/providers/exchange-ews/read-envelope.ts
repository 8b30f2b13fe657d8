import { attr, child, children, parseXml, text, type XmlNode } from './xml.ts';

/** `<t:Value Name="…">` details of an error (BackOffMilliseconds, PolicyLimit…). */
export type EwsErrorValues = Readonly<Record<string, string>>;

/** HTTP 500 SOAP fault (docs/exchange-ews.md §6.1, shape 2). */
export interface EwsFault {
  code: string;
  message: string;
  values: EwsErrorValues;
}

/** One `<m:…ResponseMessage>`: each requested id or folder succeeds or fails on its own (shape 1). */
export interface EwsResponseMessage {
  responseClass: 'Success' | 'Warning' | 'Error';
  code: string;
  messageText: string | null;
  values: EwsErrorValues;
  node: XmlNode;
}

export type EnvelopeContent =
  | { kind: 'fault'; fault: EwsFault }
  | { kind: 'messages'; messages: EwsResponseMessage[] }
  | { kind: 'malformed'; detail: string };

function readValues(messageXml: XmlNode | undefined): EwsErrorValues {
  const values: Record<string, string> = {};
  for (const value of children(messageXml, 'Value')) {
    const name = attr(value, 'Name');
    if (name !== undefined) values[name] = text(value) ?? '';
  }
  return values;
}

function readMessage(node: XmlNode): EwsResponseMessage {
  const responseClass = attr(node, 'ResponseClass');
  return {
    responseClass: responseClass === 'Error' || responseClass === 'Warning' ? responseClass : 'Success',
    code: text(node, 'ResponseCode') ?? 'NoError',
    messageText: text(node, 'MessageText') ?? null,
    values: readValues(child(node, 'MessageXml')),
    node,
  };
}

/**
 * Reads a response envelope for `operation`: a SOAP fault (1.1 or 1.2 shape, MessageXml in the types or errors
 * namespace), or the response messages. GetRoomLists/GetRooms carry ResponseClass on the response element
 * itself and come back as one message.
 */
export function readEnvelope(xml: string, operation: string): EnvelopeContent {
  let doc: XmlNode;
  try {
    doc = parseXml(xml);
  } catch (error) {
    return { kind: 'malformed', detail: error instanceof Error ? error.message : 'unparseable XML' };
  }
  const body = child(child(doc, 'Envelope'), 'Body');
  if (!body) return { kind: 'malformed', detail: 'no SOAP body' };
  const fault = child(body, 'Fault');
  if (fault) {
    const detail = child(fault, 'detail') ?? child(fault, 'Detail');
    const faultCode = text(fault, 'faultcode') ?? text(child(fault, 'Code'), 'Value') ?? '';
    return {
      kind: 'fault',
      fault: {
        code: text(detail, 'ResponseCode') ?? faultCode.replace(/^.*:/, ''),
        message:
          text(detail, 'Message') ?? text(fault, 'faultstring') ?? text(child(fault, 'Reason'), 'Text') ?? '',
        values: readValues(child(detail, 'MessageXml')),
      },
    };
  }
  const response = child(body, `${operation}Response`);
  if (!response) return { kind: 'malformed', detail: `no ${operation}Response element` };
  const list = children(child(response, 'ResponseMessages'), `${operation}ResponseMessage`);
  if (list.length > 0) return { kind: 'messages', messages: list.map(readMessage) };
  if (attr(response, 'ResponseClass') !== undefined)
    return { kind: 'messages', messages: [readMessage(response)] };
  return { kind: 'malformed', detail: `no ${operation}ResponseMessage` };
}

/** BackOffMilliseconds of an ErrorServerBusy, when the server gave one. */
export function backOffMs(values: EwsErrorValues): number | undefined {
  const raw = values['BackOffMilliseconds'];
  const ms = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
