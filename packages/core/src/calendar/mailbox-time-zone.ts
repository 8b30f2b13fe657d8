import { sql, type SQL } from 'drizzle-orm';
import { withTenant, type Database, type Tx } from '../db/index.ts';
import { badInput, notFound } from '../errors/index.ts';
import { canonicalIanaZone } from '../events/time-zones.ts';

/** Where a mailbox's time zone came from, best source first (docs/microsoft-graph.md §9.4). */
export type MailboxTimeZoneSource = 'MAILBOX_SETTINGS' | 'API' | 'CONNECTOR_DEFAULT';

export interface MailboxTimeZone {
  zone: string;
  source: MailboxTimeZoneSource;
}

/** The zone in force: the mailbox's own settings, else the value set through the API, else the connector's. */
export function effectiveTimeZone(
  mailbox: { settingsTimeZone: string | null; timeZone: string | null },
  connector: { defaultTimeZone: string },
): MailboxTimeZone {
  if (mailbox.settingsTimeZone !== null)
    return { zone: mailbox.settingsTimeZone, source: 'MAILBOX_SETTINGS' };
  if (mailbox.timeZone !== null) return { zone: mailbox.timeZone, source: 'API' };
  return { zone: connector.defaultTimeZone, source: 'CONNECTOR_DEFAULT' };
}

/** The same choice in SQL, as a scalar subquery for one mailbox. */
export function effectiveTimeZoneSql(tenantId: string, mailboxId: string): SQL {
  return sql`(select coalesce(m.settings_time_zone, m.time_zone, c.default_time_zone)
    from mailboxes m join connectors c on c.tenant_id = m.tenant_id and c.id = m.connector_id
    where m.tenant_id = ${tenantId}::uuid and m.id = ${mailboxId}::uuid)`;
}

/** An IANA zone from a person (GraphQL input), canonicalised; anything else is a typed BAD_USER_INPUT. */
export function requireIanaTimeZone(field: string, value: string): string {
  const zone = canonicalIanaZone(value);
  if (zone === null)
    throw badInput(field, `"${value}" is not an IANA time zone name (e.g. Europe/Berlin, Asia/Tokyo, UTC)`);
  return zone;
}

/** The mailboxes whose all-day events are re-placed: one, or every one of a connector. */
export type AllDayScope = { mailboxId: string } | { connectorId: string };

/**
 * All-day events are dates: their stored instants are those dates' midnights in the mailbox's zone.
 * After a zone changes they are re-placed in one statement (the change log records each moved row).
 */
export async function replaceAllDayEvents(tx: Tx, tenantId: string, scope: AllDayScope): Promise<number> {
  const which =
    'mailboxId' in scope
      ? sql`m.id = ${scope.mailboxId}::uuid`
      : sql`m.connector_id = ${scope.connectorId}::uuid`;
  const result = await tx.execute(sql`
    update events e set start_at = e.start_date::timestamp at time zone z.tz,
      end_at = e.end_date::timestamp at time zone z.tz
    from (select m.id, coalesce(m.settings_time_zone, m.time_zone, c.default_time_zone) as tz
      from mailboxes m join connectors c on c.tenant_id = m.tenant_id and c.id = m.connector_id
      where m.tenant_id = ${tenantId}::uuid and ${which}) z
    where e.tenant_id = ${tenantId}::uuid and e.mailbox_id = z.id and e.is_all_day
      and e.start_date is not null and e.end_date is not null
      and (e.start_at, e.end_at) is distinct from
        (e.start_date::timestamp at time zone z.tz, e.end_date::timestamp at time zone z.tz)`);
  return result.rowCount ?? 0;
}

/** Which of the mailbox's two zone columns a caller sets. */
export type MailboxTimeZoneColumn = 'settings' | 'api';

/**
 * Stores a mailbox zone (null clears it) and, when the zone in force changed, re-places the mailbox's
 * all-day events in the same transaction. Returns false when the mailbox does not exist.
 */
export async function storeMailboxTimeZone(
  db: Database,
  tenantId: string,
  mailboxId: string,
  column: MailboxTimeZoneColumn,
  zone: string | null,
): Promise<boolean> {
  const target = column === 'settings' ? sql.raw('settings_time_zone') : sql.raw('time_zone');
  return withTenant(db, tenantId, async (tx) => {
    const updated = await tx.execute(sql`
      update mailboxes set ${target} = ${zone}, updated_at = now()
      where tenant_id = ${tenantId}::uuid and id = ${mailboxId}::uuid`);
    if (updated.rowCount !== 1) return false;
    await replaceAllDayEvents(tx, tenantId, { mailboxId });
    return true;
  });
}

/** `updateMailbox(timeZone)`: validates, stores, re-places; null clears the API's value. */
export async function setMailboxTimeZone(
  db: Database,
  tenantId: string,
  mailboxId: string,
  timeZone: string | null,
): Promise<void> {
  const zone = timeZone === null ? null : requireIanaTimeZone('timeZone', timeZone);
  if (!(await storeMailboxTimeZone(db, tenantId, mailboxId, 'api', zone))) throw notFound('mailbox');
}
