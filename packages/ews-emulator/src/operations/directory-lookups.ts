import type { EwsMailbox } from '../directory/types.ts';
import { attr, child, text } from '../soap/parsed-node.ts';
import { renderEnvelope, renderErrorMessage, renderResponseMessages } from '../soap/render-response.ts';
import { element } from '../soap/xml-text.ts';
import { response, type OperationContext, type OperationResult } from './context.ts';

function mailboxXml(tag: string, m: { displayName: string; address: string }, type: string): string {
  return (
    `<${tag}>${element('t:Name', m.displayName)}${element('t:EmailAddress', m.address)}` +
    `<t:RoutingType>SMTP</t:RoutingType>${element('t:MailboxType', type)}</${tag}>`
  );
}

/**
 * ResolveNames against the directory: `smtp:` addresses resolve exactly, other text by prefix of name, alias or
 * address. One match = Success, several = Warning ErrorNameResolutionMultipleResults, none = Error.
 */
export function resolveNames(ctx: OperationContext): OperationResult {
  const entry = (text(ctx.request.body, 'UnresolvedEntry') ?? '').trim().toLowerCase();
  const fullContact = (attr(ctx.request.body, 'ReturnFullContactData') ?? 'false') === 'true';
  const all = ctx.state.directory.listMailboxes();
  const matches: EwsMailbox[] = entry.startsWith('smtp:')
    ? all.filter((m) => m.address === entry.slice(5))
    : all.filter(
        (m) =>
          m.address.startsWith(entry) ||
          m.displayName.toLowerCase().startsWith(entry) ||
          m.displayName
            .toLowerCase()
            .split(' ')
            .some((w) => w.startsWith(entry)),
      );
  const found = matches.slice(0, 100);
  const wrap = (content: string): OperationResult =>
    response(renderEnvelope('ResolveNames', renderResponseMessages([content])));
  if (entry === '' || found.length === 0) {
    return wrap(
      renderErrorMessage('ResolveNames', {
        code: 'ErrorNameResolutionNoResults',
        message: 'No results were found.',
      }),
    );
  }
  const resolutions = found
    .map(
      (m) =>
        `<t:Resolution>${mailboxXml('t:Mailbox', m, 'Mailbox')}` +
        (fullContact
          ? `<t:Contact>${element('t:DisplayName', m.displayName)}<t:ContactSource>ActiveDirectory</t:ContactSource></t:Contact>`
          : '') +
        '</t:Resolution>',
    )
    .join('');
  const set = `<m:ResolutionSet TotalItemsInView="${found.length}" IncludesLastItemInRange="true">${resolutions}</m:ResolutionSet>`;
  if (found.length === 1) {
    return wrap(
      `<m:ResolveNamesResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>${set}</m:ResolveNamesResponseMessage>`,
    );
  }
  return wrap(
    '<m:ResolveNamesResponseMessage ResponseClass="Warning">' +
      '<m:MessageText>Multiple results were found.</m:MessageText>' +
      '<m:ResponseCode>ErrorNameResolutionMultipleResults</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>' +
      `${set}</m:ResolveNamesResponseMessage>`,
  );
}

/** GetRoomLists: the organisation's room lists (no ResponseMessages wrapper in this operation's response). */
export function getRoomLists(ctx: OperationContext): OperationResult {
  const lists = ctx.state.directory
    .listRoomLists()
    .map((l) => mailboxXml('t:Address', l, 'PublicDL'))
    .join('');
  return response(
    renderEnvelope(
      'GetRoomLists',
      `<m:ResponseCode>NoError</m:ResponseCode><m:RoomLists>${lists}</m:RoomLists>`,
      ' ResponseClass="Success"',
    ),
  );
}

/** GetRooms of one room list; an unknown list is ErrorNameResolutionNoResults. */
export function getRooms(ctx: OperationContext): OperationResult {
  const address = text(child(ctx.request.body, 'RoomList'), 'EmailAddress') ?? '';
  const list = ctx.state.directory.roomList(address);
  if (!list) {
    return response(
      renderEnvelope(
        'GetRooms',
        '<m:MessageText>No results were found.</m:MessageText><m:ResponseCode>ErrorNameResolutionNoResults</m:ResponseCode>' +
          '<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>',
        ' ResponseClass="Error"',
      ),
    );
  }
  const rooms = list.rooms
    .map((address) => ctx.state.directory.mailbox(address))
    .filter((m): m is EwsMailbox => m !== undefined)
    .map((m) => `<t:Room>${mailboxXml('t:Id', m, 'Mailbox')}</t:Room>`)
    .join('');
  return response(
    renderEnvelope(
      'GetRooms',
      `<m:ResponseCode>NoError</m:ResponseCode><m:Rooms>${rooms}</m:Rooms>`,
      ' ResponseClass="Success"',
    ),
  );
}
