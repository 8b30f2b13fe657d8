import type { EwsAccount } from '../directory/types.ts';
import type { EwsRequest } from '../soap/parse-request.ts';
import { renderEnvelope, renderErrorMessage, renderResponseMessages } from '../soap/render-response.ts';
import type { EwsEmulatorState } from '../state.ts';
import {
  ERRORS,
  fault,
  response,
  type OperationContext,
  type OperationHandler,
  type OperationResult,
} from './context.ts';
import { getRoomLists, getRooms, resolveNames } from './directory-lookups.ts';
import { findItem } from './find-item.ts';
import { getFolder } from './get-folder.ts';
import { getItem } from './get-item.ts';
import { syncFolderItems } from './sync-folder-items.ts';

const HANDLERS: Readonly<Record<string, OperationHandler>> = {
  FindItem: findItem,
  GetItem: getItem,
  GetFolder: getFolder,
  SyncFolderItems: syncFolderItems,
  ResolveNames: resolveNames,
  GetRoomLists: getRoomLists,
  GetRooms: getRooms,
};

/**
 * RequestServerVersion values Exchange 2016/2019/SE accept. `Exchange2019` and dated values are refused with
 * ErrorInvalidRequest (docs/exchange-ews.md §1.4); a missing header is read as Exchange2007_SP1.
 */
const ACCEPTED_VERSIONS = new Set([
  'Exchange2007',
  'Exchange2007_SP1',
  'Exchange2010',
  'Exchange2010_SP1',
  'Exchange2010_SP2',
  'Exchange2013',
  'Exchange2013_SP1',
  'Exchange2016',
]);

export function isEmulatedOperation(name: string): boolean {
  return HANDLERS[name] !== undefined;
}

/** Runs one authenticated SOAP request. */
export function dispatchOperation(
  request: EwsRequest,
  account: EwsAccount,
  state: EwsEmulatorState,
  addressMailbox: (address: string) => void,
): OperationResult {
  const version = request.requestServerVersion;
  if (version !== undefined && !ACCEPTED_VERSIONS.has(version)) return fault(ERRORS.invalidRequest());
  if (request.impersonating) {
    // The monitor set-up grants no ApplicationImpersonation role.
    return fault({
      code: 'ErrorImpersonateUserDenied',
      message: 'The account does not have permission to impersonate the requested user.',
    });
  }
  const handler = HANDLERS[request.operation];
  if (!handler) return fault(ERRORS.invalidRequest());
  const ctx: OperationContext = { request, account, state, addressMailbox };
  return handler(ctx);
}

/** A per-message error in the operation's own envelope (throttling and injected faults use it). */
export function messageError(
  operation: string,
  code: string,
  message: string,
  values?: Record<string, number>,
): OperationResult {
  return response(
    renderEnvelope(
      operation,
      renderResponseMessages([renderErrorMessage(operation, { code, message, values })]),
    ),
  );
}
