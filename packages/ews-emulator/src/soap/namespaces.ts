/** XML namespaces of EWS (docs/exchange-ews.md §1.1). The SOAP 1.1 one is http:, never https:. */
export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const MESSAGES_NS = 'http://schemas.microsoft.com/exchange/services/2006/messages';
export const TYPES_NS = 'http://schemas.microsoft.com/exchange/services/2006/types';
export const ERRORS_NS = 'http://schemas.microsoft.com/exchange/services/2006/errors';
