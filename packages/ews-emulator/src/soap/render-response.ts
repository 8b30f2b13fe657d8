import { ERRORS_NS, MESSAGES_NS, SOAP_ENVELOPE_NS, TYPES_NS } from './namespaces.ts';
import { element, escapeXml } from './xml-text.ts';

/** What Exchange Server SE RTM reports (docs/exchange-ews.md §1.1). */
const SERVER_VERSION =
  '<h:ServerVersionInfo MajorVersion="15" MinorVersion="2" MajorBuildNumber="2562" MinorBuildNumber="17" ' +
  `Version="V2017_07_11" xmlns:h="${TYPES_NS}" xmlns="${TYPES_NS}" ` +
  'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>';

/** A full response envelope around `<m:{Operation}Response>…</m:…>` content. */
export function renderEnvelope(operation: string, inner: string, responseAttributes = ''): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<s:Envelope xmlns:s="${SOAP_ENVELOPE_NS}"><s:Header>${SERVER_VERSION}</s:Header>` +
    '<s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
    `<m:${operation}Response${responseAttributes} xmlns:m="${MESSAGES_NS}" xmlns:t="${TYPES_NS}">${inner}` +
    `</m:${operation}Response></s:Body></s:Envelope>`
  );
}

/** `<m:ResponseMessages>` holding one message per requested id. */
export function renderResponseMessages(messages: string[]): string {
  return `<m:ResponseMessages>${messages.join('')}</m:ResponseMessages>`;
}

export function renderSuccessMessage(operation: string, content: string): string {
  return (
    `<m:${operation}ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>` +
    `${content}</m:${operation}ResponseMessage>`
  );
}

/** An EWS error as a per-message failure (HTTP 200): MessageText, ResponseCode, DescriptiveLinkKey, MessageXml. */
export interface EwsError {
  code: string;
  message: string;
  /** `<t:Value Name=…>` details, e.g. PolicyLimit or BackOffMilliseconds. */
  values?: Record<string, string | number> | undefined;
  /** Elements that follow the error inside the message (SyncFolderItems keeps SyncState etc.). */
  trailer?: string | undefined;
}

export function renderErrorMessage(operation: string, error: EwsError, responseClass = 'Error'): string {
  return (
    `<m:${operation}ResponseMessage ResponseClass="${responseClass}">` +
    element('m:MessageText', error.message) +
    element('m:ResponseCode', error.code) +
    '<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>' +
    renderMessageXml('m:MessageXml', error.values) +
    (error.trailer ?? '') +
    `</m:${operation}ResponseMessage>`
  );
}

function renderMessageXml(tag: string, values: Record<string, string | number> | undefined): string {
  if (values === undefined) return '';
  const inner = Object.entries(values)
    .map(([name, value]) => `<t:Value Name="${escapeXml(name)}">${escapeXml(String(value))}</t:Value>`)
    .join('');
  return `<${tag}>${inner}</${tag}>`;
}

/** HTTP 500 SOAP fault (ErrorServerBusy, ErrorInvalidRequest, ErrorSchemaValidation…), as in the samples. */
export function renderFault(error: EwsError): string {
  const values =
    error.values === undefined
      ? ''
      : `<t:MessageXml xmlns:t="${TYPES_NS}">${Object.entries(error.values)
          .map(([name, value]) => `<t:Value Name="${escapeXml(name)}">${escapeXml(String(value))}</t:Value>`)
          .join('')}</t:MessageXml>`;
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<s:Envelope xmlns:s="${SOAP_ENVELOPE_NS}"><s:Body><s:Fault>` +
    `<faultcode xmlns:a="${TYPES_NS}">a:${escapeXml(error.code)}</faultcode>` +
    `<faultstring xml:lang="en-US">${escapeXml(error.message)}</faultstring>` +
    `<detail><e:ResponseCode xmlns:e="${ERRORS_NS}">${escapeXml(error.code)}</e:ResponseCode>` +
    `<e:Message xmlns:e="${ERRORS_NS}">${escapeXml(error.message)}</e:Message>${values}</detail>` +
    '</s:Fault></s:Body></s:Envelope>'
  );
}
