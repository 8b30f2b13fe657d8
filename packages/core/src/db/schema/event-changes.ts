import { bigint, check, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { eventChangeTypes, isOneOf, type EventChangeType } from './enums.ts';

/**
 * The durable change log (docs/change-feed.md): one row per committed change of an event,
 * appended by statement triggers on `events` in the transaction that made the change, so
 * every write path (delta pages, removals, the full-round sweep, mailbox deletion) is
 * covered and a rolled-back page leaves nothing. No foreign keys: a tombstone outlives its
 * event and its mailbox.
 */
export const eventChanges = pgTable(
  'event_changes',
  {
    tenantId: uuid('tenant_id').notNull(),
    /** Per-tenant, strictly increasing in commit order (see event_change_heads). */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    eventId: uuid('event_id').notNull(),
    mailboxId: uuid('mailbox_id').notNull(),
    changeType: text('change_type').$type<EventChangeType>().notNull(),
    /** The writing transaction's time (Postgres `now()`): trimming by retention keys on it. */
    committedAt: timestamp('committed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'event_changes_pkey', columns: [t.tenantId, t.seq] }),
    // Trimming finds the oldest rows of any tenant by time.
    index('event_changes_committed_at_idx').on(t.committedAt),
    check('event_changes_change_type_check', isOneOf(t.changeType, eventChangeTypes)),
  ],
);

/**
 * One row per tenant: the last sequence handed out and how far the log was trimmed. The
 * triggers take the row's lock to number their changes and keep it until commit, so a
 * tenant's changes commit in sequence order: a reader that saw sequence N never later finds
 * a smaller one appear.
 */
export const eventChangeHeads = pgTable('event_change_heads', {
  tenantId: uuid('tenant_id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  /** Every change up to this sequence was trimmed: a cursor before it is expired. */
  trimmedThrough: bigint('trimmed_through', { mode: 'number' }).notNull().default(0),
});

/**
 * One statement's changes, waiting for its transaction's commit. The statement
 * triggers on `events` stage here instead of numbering at once; a deferred trigger numbers and
 * appends them at commit and deletes the row. So the head row's lock is held only while the
 * transaction commits, not across the round trips between a page's upsert and its COMMIT, which
 * made a tenant's concurrent page writers wait for each other (docs/scaling.md, ingest).
 */
export const eventChangePending = pgTable(
  'event_change_pending',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    changeType: text('change_type').$type<EventChangeType>().notNull(),
    /** Parallel arrays, as calsync_append_event_changes takes them (a row lives inside one transaction). */
    tenantIds: uuid('tenant_ids').array().notNull(),
    eventIds: uuid('event_ids').array().notNull(),
    mailboxIds: uuid('mailbox_ids').array().notNull(),
  },
  (t) => [check('event_change_pending_change_type_check', isOneOf(t.changeType, eventChangeTypes))],
);

export type EventChangeRow = typeof eventChanges.$inferSelect;
