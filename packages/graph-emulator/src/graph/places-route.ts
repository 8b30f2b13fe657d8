import type { Mailbox, RoomList } from '../directory/types.ts';
import type { HttpResult, RequestContext } from '../http/types.ts';
import type { EmulatorState } from '../state.ts';
import type { GraphCaller } from './authenticate.ts';
import { graphError } from './graph-error.ts';
import { getQueryParam, parseNonNegativeInt } from './odata.ts';
import { odataOk, pageList } from './respond.ts';

const DEFAULT_PAGE = 100;

/**
 * GET /places/microsoft.graph.room, /places/microsoft.graph.roomlist, /places/{list}/microsoft.graph.roomlist/rooms
 * (docs/microsoft-graph.md §6.3). Pages of 100 by default; any $top is honoured (tenants fetch 1,535 rooms with $top=10000),
 * `$count=true` adds @odata.count, and in the field (behaviour placesNextLink off) no @odata.nextLink is ever
 * sent even when more rooms exist: clients page with $skip themselves.
 */
export function handlePlaces(
  ctx: RequestContext,
  state: EmulatorState,
  caller: GraphCaller,
  kind: 'room' | 'roomList' | 'roomsInList',
  roomListAddress?: string,
): HttpResult {
  const now = state.clock.now();
  if (!caller.roles.includes('Place.Read.All')) {
    return graphError(
      ctx,
      now,
      403,
      'ErrorAccessDenied',
      'Access is denied. Check credentials and try again.',
    );
  }
  const top = parseNonNegativeInt(getQueryParam(ctx.url.searchParams, '$top'));
  const skip = parseNonNegativeInt(getQueryParam(ctx.url.searchParams, '$skip'));
  if (Number.isNaN(top) || Number.isNaN(skip) || top === 0)
    return graphError(ctx, now, 400, 'BadRequest', 'Invalid $top or $skip value.');

  const paging = { top: top ?? DEFAULT_PAGE, skip: skip ?? 0 };
  if (kind === 'roomList') {
    const lists = state.directory.listRoomLists(caller.tenantId);
    return placesPage(ctx, state, lists, toRoomListJson, '$metadata#places/microsoft.graph.roomList', paging);
  }
  if (kind === 'roomsInList') {
    const key = (roomListAddress ?? '').toLowerCase();
    const list = state.directory.listRoomLists(caller.tenantId).find((l) => l.address.toLowerCase() === key);
    if (!list)
      return graphError(
        ctx,
        now,
        404,
        'ErrorItemNotFound',
        'The specified object was not found in the store.',
      );
    const rooms = state.directory.listRoomsInList(caller.tenantId, key);
    const context = `$metadata#places('${list.address}')/microsoft.graph.roomList/rooms`;
    return placesPage(ctx, state, rooms, toRoomJson, context, paging);
  }
  const rooms = state.directory.listRooms(caller.tenantId);
  return placesPage(ctx, state, rooms, toRoomJson, '$metadata#places/microsoft.graph.room', paging);
}

/**
 * One page of places. Only the page is turned into JSON: a tenant of 100,000 rooms is read 100 at a
 * time, and rendering every room for each page made reading them all quadratic.
 */
function placesPage<T>(
  ctx: RequestContext,
  state: EmulatorState,
  all: readonly T[],
  toJson: (item: T) => Record<string, unknown>,
  context: string,
  paging: { top: number; skip: number },
): HttpResult {
  const { page, nextLink } = pageList(all, ctx.url, `${ctx.origin}${ctx.path}`, paging.top, paging.skip);
  const body: Record<string, unknown> = { '@odata.context': `${ctx.origin}/v1.0/${context}` };
  if (getQueryParam(ctx.url.searchParams, '$count')?.toLowerCase() === 'true')
    body['@odata.count'] = all.length;
  body.value = page.map(toJson);
  if (nextLink && state.behaviour.placesNextLink) body['@odata.nextLink'] = nextLink;
  return odataOk(body);
}

function toRoomJson(m: Mailbox): Record<string, unknown> {
  const r = m.room ?? {};
  // Property names follow the `room` resource (isWheelChairAccessible, displayDeviceName); the older
  // place-list sample spells them isWheelchairAccessible and displayDevice (docs/microsoft-graph.md §6.3).
  return {
    id: m.id,
    emailAddress: m.address,
    displayName: m.displayName,
    address: r.address ?? { street: '', city: '', state: '', postalCode: '', countryOrRegion: '' },
    geoCoordinates: r.geoCoordinates ?? null,
    phone: null,
    nickname: r.nickname ?? m.displayName,
    label: r.label ?? null,
    // The resource says Int32 but the documented sample sends a string; we follow the sample (docs/microsoft-graph.md §6.3).
    capacity: r.capacity === undefined ? null : String(r.capacity),
    building: r.building ?? null,
    floorNumber: r.floorNumber ?? null,
    floorLabel: r.floorLabel ?? null,
    isManaged: true,
    isWheelChairAccessible: r.isWheelChairAccessible ?? false,
    bookingType: r.bookingType ?? 'standard',
    tags: r.tags ?? [],
    audioDeviceName: r.audioDeviceName ?? null,
    videoDeviceName: r.videoDeviceName ?? null,
    displayDeviceName: r.displayDeviceName ?? null,
  };
}

function toRoomListJson(l: RoomList): Record<string, unknown> {
  return {
    id: l.id,
    displayName: l.displayName,
    address: { street: '', city: '', state: '', postalCode: '', countryOrRegion: '' },
    geocoordinates: null,
    phone: null,
    emailAddress: l.address,
  };
}
