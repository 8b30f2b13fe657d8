import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  eventTypes,
  isOneOf,
  sensitivities,
  showAsValues,
  type AttendeeType,
  type EventType,
  type OnlineMeetingProvider,
  type ResponseStatus,
  type Sensitivity,
  type ShowAs,
} from './enums.ts';

/** Stored JSON shapes; they match the GraphQL contract's types. */
export interface StoredEmailAddress {
  name: string | null;
  address: string | null;
}
export interface StoredAttendee {
  emailAddress: StoredEmailAddress;
  type: AttendeeType;
  response: ResponseStatus;
}
export interface StoredLocation {
  displayName: string | null;
  address: string | null;
  uri: string | null;
}
export interface StoredOnlineMeeting {
  provider: OnlineMeetingProvider;
  joinUrl: string;
  conferenceId: string | null;
}

/** Mirrored calendar events; start/end in UTC. Upserts key on (tenant, mailbox, source id). */
export const events = pgTable(
  'events',
  {
    tenantId: uuid('tenant_id').notNull(),
    /** Public id (the GraphQL `Event.id`), stable across upserts. */
    id: uuid('id').notNull().defaultRandom(),
    mailboxId: uuid('mailbox_id').notNull(),
    /** The provider's id of the event (Graph's event id for Microsoft connectors). */
    sourceId: text('source_id').notNull(),
    iCalUid: text('ical_uid'),
    type: text('type').$type<EventType>().notNull(),
    seriesMasterId: text('series_master_id'),
    subject: text('subject'),
    startAt: timestamp('start_at', { withTimezone: true }).notNull(),
    endAt: timestamp('end_at', { withTimezone: true }).notNull(),
    isAllDay: boolean('is_all_day').notNull().default(false),
    /**
     * An all-day event's dates (end exclusive); null for timed events. start_at/end_at then hold
     * those dates' midnights in the mailbox's time zone, rewritten when that zone changes
     * (docs/microsoft-graph.md §9.4).
     */
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    /** IANA name of the event's original time zone. */
    timeZone: text('time_zone'),
    showAs: text('show_as').$type<ShowAs>().notNull().default('BUSY'),
    sensitivity: text('sensitivity').$type<Sensitivity>().notNull().default('NORMAL'),
    isCancelled: boolean('is_cancelled').notNull().default(false),
    organizer: jsonb('organizer').$type<StoredEmailAddress>(),
    attendees: jsonb('attendees')
      .$type<StoredAttendee[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    location: text('location'),
    locations: jsonb('locations')
      .$type<StoredLocation[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    onlineMeeting: jsonb('online_meeting').$type<StoredOnlineMeeting>(),
    categories: text('categories')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    changeKey: text('change_key'),
    lastModifiedAt: timestamp('last_modified_at', { withTimezone: true }),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
    generation: integer('generation').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'events_pkey', columns: [t.tenantId, t.id] }),
    // (tenant_id, mailbox_id) references mailboxes (tenant_id, id), ON DELETE CASCADE: enforced by
    // statement-level triggers (migrations/0013_event_mailbox_triggers.sql), not a foreign key, whose
    // per-row check locked the mailbox row once per event (docs/scaling.md, "Ingest cost per event").
    unique('events_tenant_mailbox_source_key').on(t.tenantId, t.mailboxId, t.sourceId),
    // Overlap per mailbox: start_at < $end (range on the 3rd column) and end_at > $start (filtered in-index).
    index('events_tenant_mailbox_start_end_idx').on(t.tenantId, t.mailboxId, t.startAt, t.endAt),
    // Overlap across all of a tenant's mailboxes, ordered by start.
    index('events_tenant_start_idx').on(t.tenantId, t.startAt, t.id),
    // Events longer than a week, for overlap probes that bound their start_at range (rooms/find-rooms-sql.ts).
    index('events_long_idx')
      .on(t.tenantId, t.mailboxId, t.startAt)
      .where(sql`${t.endAt} - ${t.startAt} > interval '7 days'`),
    check('events_type_check', isOneOf(t.type, eventTypes)),
    check('events_show_as_check', isOneOf(t.showAs, showAsValues)),
    check('events_sensitivity_check', isOneOf(t.sensitivity, sensitivities)),
  ],
);

export type EventRow = typeof events.$inferSelect;
export type NewEventRow = typeof events.$inferInsert;
