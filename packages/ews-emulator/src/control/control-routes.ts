import type { EventInput } from '@calsync/graph-emulator/calendar';
import { DirectoryError } from '../directory/ews-directory.ts';
import type { EwsMailbox, EwsMailboxKind } from '../directory/types.ts';
import type { EwsFaultSpec } from '../faults/types.ts';
import { decodeItemId, encodeItemId } from '../mailbox-data/item-ids.ts';
import type { EwsEmulatorState, EwsServerOptions } from '../state.ts';

export interface ControlDeps {
  state: EwsEmulatorState;
  reset(seed?: string | false): void;
  mutateRandomly(count: number): string[];
}

export interface ControlRoute {
  method: string;
  pattern: RegExp;
  run(params: string[], body: unknown, query: URLSearchParams): unknown;
}

function record(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null)
    throw new DirectoryError('Invalid', 'A JSON object body is required.');
  return body as Record<string, unknown>;
}

function str(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw new DirectoryError('Invalid', `"${key}" is required.`);
  return value;
}

/** Store id from a store id or an EWS item id (tests hold either). */
function storeIdOf(id: string): string {
  return decodeItemId(id)?.storeId ?? id;
}

/** /_ews-emulator/… routes: Exchange-admin actions (permissions, accounts, mailboxes), Outlook-user edits, faults, log. */
export function controlRoutes(deps: ControlDeps): ControlRoute[] {
  const dir = (): EwsEmulatorState['directory'] => deps.state.directory;
  const mailbox = (address: string): EwsMailbox => dir().requireMailbox(address);
  const view = (m: EwsMailbox, event: { id: string }) => ({
    ...event,
    itemId: encodeItemId(m.address, event.id),
  });
  return [
    { method: 'GET', pattern: /^\/mailboxes$/, run: () => dir().listMailboxes() },
    {
      method: 'POST',
      pattern: /^\/mailboxes$/,
      run: (_p, body) => {
        const b = record(body);
        const address = str(b, 'address').toLowerCase();
        return dir().addMailbox({
          address,
          displayName: typeof b['displayName'] === 'string' ? b['displayName'] : address,
          kind: (b['kind'] as EwsMailboxKind | undefined) ?? 'user',
          culture: typeof b['culture'] === 'string' ? b['culture'] : 'en-US',
          storeId: `mbx-${address}`,
        });
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/mailboxes\/([^/]+)$/,
      run: ([address]) => {
        const removed = dir().removeMailbox(address ?? '');
        deps.state.calendar.removeMailbox(removed.storeId);
        return undefined;
      },
    },
    {
      // Add-MailboxPermission / Remove-MailboxPermission -AccessRights FullAccess
      method: 'PUT',
      pattern: /^\/mailboxes\/([^/]+)\/full-access\/([^/]+)$/,
      run: ([address, user], body) => {
        dir().setFullAccess(address ?? '', user ?? '', record(body)['granted'] === true);
        return dir().grantsOf(user ?? '', address ?? '');
      },
    },
    {
      // Add-MailboxFolderPermission '<mbx>:\<localized Calendar>' -User … -AccessRights Reviewer|None
      method: 'PUT',
      pattern: /^\/folder-permissions$/,
      run: (_p, body) => {
        const b = record(body);
        const accessRights = str(b, 'accessRights');
        if (accessRights !== 'Reviewer' && accessRights !== 'None')
          throw new DirectoryError('Invalid', 'accessRights must be Reviewer or None.');
        dir().setFolderPermission({ identity: str(b, 'identity'), user: str(b, 'user'), accessRights });
        return undefined;
      },
    },
    {
      method: 'GET',
      pattern: /^\/mailboxes\/([^/]+)\/grants\/([^/]+)$/,
      run: ([address, user]) => dir().grantsOf(user ?? '', mailbox(address ?? '').address),
    },
    {
      method: 'PATCH',
      pattern: /^\/accounts\/([^/]+)$/,
      run: ([user], body) => {
        const b = record(body);
        const patch: { password?: string; lockedOut?: boolean } = {};
        if (typeof b['password'] === 'string') patch.password = b['password'];
        if (typeof b['lockedOut'] === 'boolean') patch.lockedOut = b['lockedOut'];
        const account = dir().updateAccount(user ?? '', patch);
        return { samAccountName: account.samAccountName, lockedOut: account.lockedOut };
      },
    },
    {
      method: 'GET',
      pattern: /^\/mailboxes\/([^/]+)\/events$/,
      run: ([address]) => {
        const m = mailbox(address ?? '');
        return deps.state.calendar.listEvents(m.storeId).map((e) => view(m, e));
      },
    },
    {
      method: 'POST',
      pattern: /^\/mailboxes\/([^/]+)\/events$/,
      run: ([address], body) => {
        const m = mailbox(address ?? '');
        return view(m, deps.state.calendar.createEvent(m.storeId, record(body) as unknown as EventInput));
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/mailboxes\/([^/]+)\/events\/([^/]+)$/,
      run: ([address, id], body) => {
        const m = mailbox(address ?? '');
        const patch = record(body) as Partial<EventInput>;
        return view(m, deps.state.calendar.updateEvent(m.storeId, storeIdOf(id ?? ''), patch));
      },
    },
    {
      method: 'POST',
      pattern: /^\/mailboxes\/([^/]+)\/events\/([^/]+)\/cancel$/,
      run: ([address, id]) => {
        deps.state.calendar.cancelEvent(mailbox(address ?? '').storeId, storeIdOf(id ?? ''));
        return undefined;
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/mailboxes\/([^/]+)\/events\/([^/]+)$/,
      run: ([address, id]) => {
        deps.state.calendar.deleteEvent(mailbox(address ?? '').storeId, storeIdOf(id ?? ''));
        return undefined;
      },
    },
    {
      method: 'POST',
      pattern: /^\/mutations\/random$/,
      run: (_p, body) => deps.mutateRandomly(Number(record(body)['count'] ?? 1)),
    },
    { method: 'GET', pattern: /^\/faults$/, run: () => deps.state.faults.list() },
    {
      method: 'POST',
      pattern: /^\/faults$/,
      run: (_p, body) => deps.state.faults.add(record(body) as unknown as EwsFaultSpec),
    },
    {
      method: 'DELETE',
      pattern: /^\/faults$/,
      run: () => {
        deps.state.faults.clear();
        return undefined;
      },
    },
    {
      method: 'GET',
      pattern: /^\/requests$/,
      run: (_p, _b, q) =>
        deps.state.requestLog.query({
          route: q.get('operation') ?? undefined,
          appId: q.get('account') ?? undefined,
          mailbox: q.get('mailbox') ?? undefined,
          afterSeq: q.has('afterSeq') ? Number(q.get('afterSeq')) : undefined,
        }),
    },
    {
      method: 'DELETE',
      pattern: /^\/requests$/,
      run: () => {
        deps.state.requestLog.clear();
        return undefined;
      },
    },
    { method: 'GET', pattern: /^\/options$/, run: () => deps.state.options },
    {
      method: 'PATCH',
      pattern: /^\/options$/,
      run: (_p, body) => {
        deps.state.options = { ...deps.state.options, ...(record(body) as Partial<EwsServerOptions>) };
        return deps.state.options;
      },
    },
    {
      method: 'POST',
      pattern: /^\/reset$/,
      run: (_p, body) => {
        const seed =
          typeof body === 'object' && body !== null ? (body as { seed?: unknown }).seed : undefined;
        deps.reset(typeof seed === 'string' || seed === false ? seed : undefined);
        return undefined;
      },
    },
  ];
}
