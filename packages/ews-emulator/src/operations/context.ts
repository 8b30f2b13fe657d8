import type { EwsAccount } from '../directory/types.ts';
import type { EwsRequest } from '../soap/parse-request.ts';
import type { EwsError } from '../soap/render-response.ts';
import type { EwsEmulatorState } from '../state.ts';

/** What an operation handler gets: the parsed request, the signed-in account and the server state. */
export interface OperationContext {
  request: EwsRequest;
  account: EwsAccount;
  state: EwsEmulatorState;
  /** Names the mailbox the request addressed (request log, fault scope). */
  addressMailbox(address: string): void;
}

/** What an operation answers: a response body for HTTP 200, or a SOAP fault for HTTP 500. */
export type OperationResult = { kind: 'response'; xml: string } | { kind: 'fault'; error: EwsError };

export type OperationHandler = (ctx: OperationContext) => OperationResult;

export const response = (xml: string): OperationResult => ({ kind: 'response', xml });
export const fault = (error: EwsError): OperationResult => ({ kind: 'fault', error });

/** Texts as Exchange writes them (samples and docs/exchange-ews.md §6.2). */
export const ERRORS = {
  nonExistentMailbox: (): EwsError => ({
    code: 'ErrorNonExistentMailbox',
    message: 'The SMTP address has no mailbox associated with it.',
  }),
  folderNotFound: (): EwsError => ({
    code: 'ErrorFolderNotFound',
    message: 'The specified folder could not be found in the store.',
  }),
  accessDenied: (): EwsError => ({
    code: 'ErrorAccessDenied',
    message: 'Access is denied. Check credentials and try again.',
  }),
  itemNotFound: (): EwsError => ({
    code: 'ErrorItemNotFound',
    message: 'The specified object was not found in the store.',
  }),
  invalidIdMalformed: (): EwsError => ({ code: 'ErrorInvalidIdMalformed', message: 'Id is malformed.' }),
  invalidRequest: (): EwsError => ({ code: 'ErrorInvalidRequest', message: 'The request is invalid.' }),
  schemaValidation: (detail: string): EwsError => ({
    code: 'ErrorSchemaValidation',
    message: `The request failed schema validation: ${detail}`,
  }),
  invalidPropertyRequest: (): EwsError => ({
    code: 'ErrorInvalidPropertyRequest',
    message: "The property requested isn't valid for this operation.",
  }),
};
