import { foreignKey, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { mailboxes } from './mailboxes.ts';

/**
 * Cache of series masters: calendarView/delta strips occurrences down to
 * id/type/seriesMasterId/start/end, and the master fills the rest without a
 * refetch per occurrence.
 */
export const seriesMasters = pgTable(
  'series_masters',
  {
    tenantId: uuid('tenant_id').notNull(),
    mailboxId: uuid('mailbox_id').notNull(),
    sourceId: text('source_id').notNull(),
    changeKey: text('change_key'),
    /** The provider's event resource of the master, as fetched. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'series_masters_pkey', columns: [t.tenantId, t.mailboxId, t.sourceId] }),
    foreignKey({
      name: 'series_masters_mailbox_fk',
      columns: [t.tenantId, t.mailboxId],
      foreignColumns: [mailboxes.tenantId, mailboxes.id],
    }).onDelete('cascade'),
  ],
);

export type SeriesMasterRow = typeof seriesMasters.$inferSelect;
export type NewSeriesMasterRow = typeof seriesMasters.$inferInsert;
