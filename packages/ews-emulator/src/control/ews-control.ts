import type { EventInput, GraphEvent } from '@calsync/graph-emulator/calendar';
import type { HttpsClient } from '@calsync/graph-emulator';
import type { RequestLogEntry } from '@calsync/graph-emulator/request-log';
import type { EwsMailbox, EwsMailboxKind, MailboxGrants } from '../directory/types.ts';
import type { EwsFault, EwsFaultSpec } from '../faults/types.ts';
import type { EwsServerOptions } from '../state.ts';
import { CONTROL_PREFIX } from './control-handler.ts';

export class EwsControlError extends Error {
  override readonly name = 'EwsControlError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An event as the control API returns it: the Graph-shaped store event plus its EWS item id. */
export type ControlEvent = GraphEvent & { itemId: string };

/** Typed client of the control API (what tests and the demo use to act as the Exchange admin or a user). */
export function createEwsControl(origin: string, controlKey: string, http: HttpsClient) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await http.send(`${origin}${CONTROL_PREFIX}${path}`, {
      method,
      headers: { authorization: `Bearer ${controlKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 400) {
      const message = (res.json as { error?: { message?: string } } | undefined)?.error?.message ?? res.text;
      throw new EwsControlError(res.status, message);
    }
    return res.json as T;
  }
  const m = (address: string): string => `/mailboxes/${encodeURIComponent(address)}`;
  return {
    listMailboxes: () => call<EwsMailbox[]>('GET', '/mailboxes'),
    createMailbox: (input: {
      address: string;
      displayName?: string;
      kind?: EwsMailboxKind;
      culture?: string;
    }) => call<EwsMailbox>('POST', '/mailboxes', input),
    deleteMailbox: (address: string) => call<void>('DELETE', m(address)),
    /** Add-MailboxPermission (granted) / Remove-MailboxPermission (not granted) -AccessRights FullAccess. */
    setFullAccess: (address: string, user: string, granted: boolean) =>
      call<MailboxGrants>('PUT', `${m(address)}/full-access/${encodeURIComponent(user)}`, { granted }),
    /** Add-MailboxFolderPermission '<mbx>:\<folder>' — the folder name must be the localized one. */
    setFolderPermission: (identity: string, user: string, accessRights: 'Reviewer' | 'None') =>
      call<void>('PUT', '/folder-permissions', { identity, user, accessRights }),
    grants: (address: string, user: string) =>
      call<MailboxGrants>('GET', `${m(address)}/grants/${encodeURIComponent(user)}`),
    updateAccount: (user: string, patch: { password?: string; lockedOut?: boolean }) =>
      call<{ samAccountName: string; lockedOut: boolean }>(
        'PATCH',
        `/accounts/${encodeURIComponent(user)}`,
        patch,
      ),
    listEvents: (address: string) => call<ControlEvent[]>('GET', `${m(address)}/events`),
    createEvent: (address: string, input: EventInput) =>
      call<ControlEvent>('POST', `${m(address)}/events`, input),
    /** A master id edits the series; an occurrence id makes an exception. */
    updateEvent: (address: string, id: string, patch: Partial<EventInput>) =>
      call<ControlEvent>('PATCH', `${m(address)}/events/${encodeURIComponent(id)}`, patch),
    cancelEvent: (address: string, id: string) =>
      call<void>('POST', `${m(address)}/events/${encodeURIComponent(id)}/cancel`),
    deleteEvent: (address: string, id: string) =>
      call<void>('DELETE', `${m(address)}/events/${encodeURIComponent(id)}`),
    mutateRandomly: (count: number) => call<string[]>('POST', '/mutations/random', { count }),
    listFaults: () => call<EwsFault[]>('GET', '/faults'),
    addFault: (spec: EwsFaultSpec) => call<EwsFault>('POST', '/faults', spec),
    clearFaults: () => call<void>('DELETE', '/faults'),
    requests: (q: { operation?: string; account?: string; mailbox?: string; afterSeq?: number } = {}) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
      const query = params.toString();
      return call<RequestLogEntry[]>('GET', `/requests${query === '' ? '' : `?${query}`}`);
    },
    clearRequests: () => call<void>('DELETE', '/requests'),
    getOptions: () => call<EwsServerOptions>('GET', '/options'),
    setOptions: (patch: Partial<EwsServerOptions>) => call<EwsServerOptions>('PATCH', '/options', patch),
    reset: (seed?: string | false) => call<void>('POST', '/reset', { seed }),
  };
}

export type EwsControl = ReturnType<typeof createEwsControl>;
