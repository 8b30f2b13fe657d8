import { sql, type SQL } from 'drizzle-orm';
import type { FindRoomsArgs, FindRoomsCursor, RoomFeature } from './find-rooms-input.ts';

/** How far before start and after end freeFrom / freeUntil look; null beyond it. */
export const FREE_HORIZON_HOURS = 24;
/** Events longer than this are found through the partial index events_long_idx (migrations/0007_rooms.sql). */
const LONG_EVENT_DAYS = 7;
const LONG_EVENT = sql.raw(`interval '${LONG_EVENT_DAYS} days'`);
/** Unknown capacity sorts after every known one. */
export const UNKNOWN_CAPACITY_KEY = 2_147_483_647;

const FEATURE_COLUMN: Record<RoomFeature, SQL> = {
  AUDIO: sql`rd.audio_device_name`,
  VIDEO: sql`rd.video_device_name`,
  DISPLAY: sql`rd.display_device_name`,
};

/**
 * The whole free-room search as one statement (no per-room round trips), run inside withTenant so
 * row-level security scopes every table to the tenant. Rooms: enabled ROOM mailboxes of enabled
 * connectors matching the filter. Blocking: not cancelled, showAs other than FREE and
 * WORKING_ELSEWHERE, all-day events over their local days. Known: synced at least once.
 * Best fit: smallest sufficient capacity first, then name, then id (keyset after `cursor`).
 */
export function findRoomsStatement(
  tenantId: string,
  args: FindRoomsArgs,
  cursor: FindRoomsCursor | null,
): SQL {
  const f = args.filter ?? {};
  const start = args.start.toISOString();
  const end = args.end.toISOString();
  const roomConditions: SQL[] = [];
  if (f.minCapacity != null) roomConditions.push(sql`rd.capacity >= ${f.minCapacity}`);
  if (f.building != null) roomConditions.push(sql`lower(rd.building) = lower(${f.building.trim()})`);
  if (f.floor != null) roomConditions.push(sql`rd.floor_number = ${f.floor}`);
  if (f.roomList != null) roomConditions.push(sql`${f.roomList.trim().toLowerCase()} = any(rd.room_lists)`);
  for (const tag of f.tags ?? [])
    roomConditions.push(sql`exists (select 1 from unnest(rd.tags) t where lower(t) = lower(${tag.trim()}))`);
  if (f.wheelchair === true) roomConditions.push(sql`rd.is_wheelchair_accessible`);
  for (const feature of f.features ?? []) roomConditions.push(sql`${FEATURE_COLUMN[feature]} is not null`);
  if (f.includeReserved !== true) roomConditions.push(sql`rd.booking_type is distinct from 'RESERVED'`);
  const roomFilter = roomConditions.length > 0 ? sql.join(roomConditions, sql` and `) : sql`true`;
  const after = cursor
    ? sql`(capacity_key, name, mailbox_id) > (${cursor.capacityKey}, ${cursor.name}, ${cursor.id}::uuid)`
    : sql`true`;
  const horizon = sql`make_interval(hours => ${FREE_HORIZON_HOURS})`;
  // All-day events are stored at their dates' midnights in the mailbox's zone (calendar/mailbox-time-zone.ts),
  // so their stored span already covers their local day: no special case here.
  const span = sql`ev.start_at as b_start, ev.end_at as b_end`;
  const blocking = sql`not ev.is_cancelled and ev.show_as not in ('FREE', 'WORKING_ELSEWHERE')`;
  const from = sql`${start}::timestamptz - ${horizon}`;
  const to = sql`${end}::timestamptz + ${horizon}`;
  return sql`
    with rooms as (
      select m.id as mailbox_id, coalesce(rd.capacity, ${UNKNOWN_CAPACITY_KEY}) as capacity_key,
        coalesce(m.display_name, m.address) as name,
        (m.last_synced_at is not null or m.sync_status = 'OK') as known
      from mailboxes m
      join connectors c on c.tenant_id = m.tenant_id and c.id = m.connector_id and c.enabled
      left join room_details rd on rd.tenant_id = m.tenant_id and rd.mailbox_id = m.id
      where m.tenant_id = ${tenantId}::uuid and m.kind = 'ROOM' and m.enabled and ${roomFilter}
    ),
    -- Per room, two index probes: events starting at most ${sql.raw(String(LONG_EVENT_DAYS))} days before the
    -- searched span (a bounded range of events_tenant_mailbox_start_end_idx), and longer events through
    -- the partial index events_long_idx, so the scan never reaches back over a room's whole history.
    blocks as (
      select r.mailbox_id, b.b_start, b.b_end
      from rooms r
      cross join lateral (
        select ${span} from events ev
        where ev.tenant_id = ${tenantId}::uuid and ev.mailbox_id = r.mailbox_id
          and ev.start_at < ${to} and ev.end_at > ${from}
          and ev.start_at > ${from} - ${LONG_EVENT}
          and ${blocking}
        union all
        select ${span} from events ev
        where ev.tenant_id = ${tenantId}::uuid and ev.mailbox_id = r.mailbox_id
          and ev.end_at - ev.start_at > ${LONG_EVENT}
          and ev.start_at <= ${from} - ${LONG_EVENT} and ev.end_at > ${from}
          and ${blocking}
      ) b
      where r.known
    ),
    answered as (
      select r.mailbox_id, r.capacity_key, r.name, r.known,
        coalesce(bool_or(b.b_start < ${end}::timestamptz and b.b_end > ${start}::timestamptz), false) as busy,
        max(b.b_end) filter (
          where b.b_end <= ${start}::timestamptz and b.b_end > ${start}::timestamptz - ${horizon}
        ) as free_from,
        min(b.b_start) filter (
          where b.b_start >= ${end}::timestamptz and b.b_start < ${end}::timestamptz + ${horizon}
        ) as free_until
      from rooms r left join blocks b on b.mailbox_id = r.mailbox_id
      group by r.mailbox_id, r.capacity_key, r.name, r.known
    ),
    free as (
      select * from answered
      where (known and not busy) or (not known and ${args.includeUnknown === true})
    ),
    page as (
      select * from free
      where ${after}
      order by capacity_key, name, mailbox_id
      limit ${args.first + 1}
    )
    select (select count(*) from free)::int as total,
      coalesce((
        select json_agg(
          json_build_object(
            'mailbox_id', p.mailbox_id, 'capacity_key', p.capacity_key, 'name', p.name, 'known', p.known,
            'free_from', p.free_from, 'free_until', p.free_until, 'mailbox', to_jsonb(m), 'room', to_jsonb(rd)
          )
          order by p.capacity_key, p.name, p.mailbox_id
        )
        from page p
        join mailboxes m on m.tenant_id = ${tenantId}::uuid and m.id = p.mailbox_id
        left join room_details rd on rd.tenant_id = m.tenant_id and rd.mailbox_id = m.id
      ), '[]'::json) as page
  `;
}
