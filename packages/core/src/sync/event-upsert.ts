import { sql, type SQL } from 'drizzle-orm';
import { effectiveTimeZoneSql } from '../calendar/mailbox-time-zone.ts';
import type { SourceEvent } from './source-event.ts';
import { toEventArrayLiterals } from './event-array-literals.ts';

/**
 * Whose rows an upsert writes: one mailbox (a page), or several mailboxes' first rounds at once
 * (sync/first-round-write.ts), each row carrying its mailbox.
 */
export type UpsertTarget =
  { mailboxId: string } | { mailboxIds: readonly string[] /** one per row, in the rows' order */ };

/**
 * The events upsert of a page (or of a batch of first rounds) as one statement with a fixed text:
 * every column goes as one array parameter (event-array-literals.ts), unnested into rows.
 * - A source delivers an all-day event as its dates' UTC midnights (sync/source-event.ts); it is
 *   stored as those dates and placed on the time line in the mailbox's zone.
 * - Most events have no categories: their empty list skips the per-row subquery that unpacks the JSON.
 * - Unchanged events (same change key, same generation) match the conflict but not the WHERE: no row
 *   version is written. A full round bumps the generation, so it rewrites each row once and the
 *   sweep can tell what the source no longer has.
 * Returns each written row's public id and mailbox.
 */
export function eventUpsertStatement(
  tenantId: string,
  generation: number,
  target: UpsertTarget,
  rows: readonly SourceEvent[],
): SQL {
  const c = toEventArrayLiterals(rows);
  const p = sql.param;
  const many = 'mailboxIds' in target;
  const mailboxColumn = many ? sql`u.mailbox_id` : sql`${target.mailboxId}::uuid`;
  const mailboxArray = many ? sql`, ${p(target.mailboxIds)}::uuid[]` : sql``;
  const mailboxAlias = many ? sql`, mailbox_id` : sql``;
  // One mailbox: its zone as a scalar subquery. Several: each mailbox's zone once, joined by id.
  const zones = many
    ? sql`join (select m.id, coalesce(m.settings_time_zone, m.time_zone, c.default_time_zone) as tz
        from mailboxes m join connectors c on c.tenant_id = m.tenant_id and c.id = m.connector_id
        where m.tenant_id = ${tenantId}::uuid and m.id = any(${p([...new Set(target.mailboxIds)])}::uuid[])) z
        on z.id = u.mailbox_id`
    : sql`cross join (select ${effectiveTimeZoneSql(tenantId, target.mailboxId)} as tz) z`;
  return sql`
    insert into events (tenant_id, mailbox_id, source_id, ical_uid, type, series_master_id, subject,
      start_at, end_at, start_date, end_date, is_all_day, time_zone, show_as, sensitivity, is_cancelled,
      organizer, attendees, location, locations, online_meeting, categories, change_key, last_modified_at,
      synced_at, generation)
    select ${tenantId}::uuid, ${mailboxColumn}, u.source_id, u.ical_uid, u.type, u.series_master_id,
      u.subject,
      case when u.is_all_day then (u.start_at at time zone 'UTC')::date::timestamp at time zone z.tz
        else u.start_at end,
      case when u.is_all_day then (u.end_at at time zone 'UTC')::date::timestamp at time zone z.tz
        else u.end_at end,
      case when u.is_all_day then (u.start_at at time zone 'UTC')::date end,
      case when u.is_all_day then (u.end_at at time zone 'UTC')::date end,
      u.is_all_day, u.time_zone, u.show_as, u.sensitivity, u.is_cancelled,
      u.organizer::jsonb, u.attendees::jsonb, u.location, u.locations::jsonb, u.online_meeting::jsonb,
      case when u.categories = '[]' then '{}'::text[]
        else array(select jsonb_array_elements_text(u.categories::jsonb)) end, u.change_key, u.last_modified_at,
      now(), ${generation}::integer
    from unnest(${p(c.sourceId)}::text[], ${p(c.iCalUid)}::text[], ${p(c.type)}::text[],
      ${p(c.seriesMasterId)}::text[], ${p(c.subject)}::text[], ${p(c.startAt)}::timestamptz[],
      ${p(c.endAt)}::timestamptz[], ${p(c.isAllDay)}::boolean[], ${p(c.timeZone)}::text[],
      ${p(c.showAs)}::text[], ${p(c.sensitivity)}::text[], ${p(c.isCancelled)}::boolean[],
      ${p(c.organizer)}::text[], ${p(c.attendees)}::text[], ${p(c.location)}::text[],
      ${p(c.locations)}::text[], ${p(c.onlineMeeting)}::text[], ${p(c.categories)}::text[],
      ${p(c.changeKey)}::text[], ${p(c.lastModifiedAt)}::timestamptz[]${mailboxArray})
      as u(source_id, ical_uid, type, series_master_id, subject, start_at, end_at, is_all_day, time_zone,
        show_as, sensitivity, is_cancelled, organizer, attendees, location, locations, online_meeting,
        categories, change_key, last_modified_at${mailboxAlias})
    ${zones}
    on conflict (tenant_id, mailbox_id, source_id) do update set
      ical_uid = excluded.ical_uid, type = excluded.type, series_master_id = excluded.series_master_id,
      subject = excluded.subject, start_at = excluded.start_at, end_at = excluded.end_at,
      start_date = excluded.start_date, end_date = excluded.end_date,
      is_all_day = excluded.is_all_day, time_zone = excluded.time_zone, show_as = excluded.show_as,
      sensitivity = excluded.sensitivity, is_cancelled = excluded.is_cancelled,
      organizer = excluded.organizer, attendees = excluded.attendees, location = excluded.location,
      locations = excluded.locations, online_meeting = excluded.online_meeting,
      categories = excluded.categories, change_key = excluded.change_key,
      last_modified_at = excluded.last_modified_at, synced_at = excluded.synced_at,
      generation = excluded.generation
    where events.change_key is distinct from excluded.change_key
       or events.generation is distinct from excluded.generation
    returning id${many ? sql`, mailbox_id` : sql``}`;
}
