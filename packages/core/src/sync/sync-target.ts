import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { SealedConnectorRecord } from '../connectors/connector-credential.ts';
import {
  connectors,
  mailboxes,
  readCompiledAsTenant,
  type Database,
  type TenantReader,
} from '../db/index.ts';
import type { ConnectorKind, ConnectorStatus, MailboxSyncStatus, SyncRunKind } from '../db/schema/enums.ts';

/** Where a mailbox's delta sync stands, as stored on the mailbox row. */
export interface SyncState {
  cursor: string | null;
  resumeCursor: string | null;
  resumeKind: SyncRunKind | null;
  generation: number;
  /** The kind of back-end ids the stored rows are keyed by (null: predates id types). */
  sourceIdType: string | null;
  windowStart: Date | null;
  windowEnd: Date | null;
}

/** Everything a mailbox sync needs to know about its mailbox and connector. */
export interface SyncTarget {
  tenantId: string;
  connectorId: string;
  /** Which provider serves this mailbox. */
  connectorKind: ConnectorKind;
  mailboxId: string;
  address: string;
  /** The directory's object id, when resolved: providers address the mailbox by it rather than by address. */
  directoryId: string | null;
  mailboxEnabled: boolean;
  /**
   * The mailbox's status before this run (restored when calsync's own infrastructure fails it); never
   * SYNCING, so an interrupted job cannot leave the mailbox looking busy.
   */
  mailboxSyncStatus: MailboxSyncStatus;
  connectorEnabled: boolean;
  connectorStatus: ConnectorStatus;
  pastDays: number;
  futureDays: number;
  maskPrivate: boolean;
  /** The zone last read from the mailbox's own settings (null: never read, or not readable). */
  settingsTimeZone: string | null;
  state: SyncState;
  /** The connector's settings and sealed credential, read with the rest so the provider need not read them again. */
  sealedConnector: SealedConnectorRecord;
}

/**
 * Loads mailbox and connector in one tenant-scoped statement (one round trip, compiled once:
 * every job starts with it); null when either is gone.
 */
export async function loadSyncTarget(
  db: Database,
  tenantId: string,
  mailboxId: string,
): Promise<SyncTarget | null> {
  const rows = await readCompiledAsTenant(db, tenantId, 'sync_target', syncTargetStatement, {
    tenantId,
    mailboxId,
  });
  const row = rows[0];
  return row ? toSyncTarget(tenantId, row) : null;
}

/** loadSyncTarget for several mailboxes of a tenant, in one statement; gone ones are left out. */
export async function loadSyncTargets(
  db: Database,
  tenantId: string,
  mailboxIds: readonly string[],
): Promise<SyncTarget[]> {
  if (mailboxIds.length === 0) return [];
  const rows = await readCompiledAsTenant(db, tenantId, 'sync_targets', syncTargetsStatement, {
    tenantId,
    mailboxIds: [...mailboxIds],
  });
  return rows.map((row) => toSyncTarget(tenantId, row));
}

type TargetRow = Awaited<ReturnType<ReturnType<typeof syncTargetStatement>['execute']>>[number];

function toSyncTarget(tenantId: string, { mailbox, connector }: TargetRow): SyncTarget {
  return {
    tenantId,
    connectorId: connector.id,
    connectorKind: connector.kind,
    mailboxId: mailbox.id,
    address: mailbox.address,
    directoryId: mailbox.directoryId,
    mailboxEnabled: mailbox.enabled,
    mailboxSyncStatus: statusBeforeRun(mailbox),
    connectorEnabled: connector.enabled,
    connectorStatus: connector.status,
    pastDays: connector.syncPastDays,
    futureDays: connector.syncFutureDays,
    maskPrivate: connector.maskPrivateEvents,
    settingsTimeZone: mailbox.settingsTimeZone,
    state: {
      cursor: mailbox.cursor,
      resumeCursor: mailbox.resumeCursor,
      resumeKind: mailbox.resumeKind,
      generation: mailbox.generation,
      sourceIdType: mailbox.sourceIdType,
      windowStart: mailbox.cursorWindowStart,
      windowEnd: mailbox.cursorWindowEnd,
    },
    sealedConnector: {
      kind: connector.kind,
      settings: connector.settings,
      credentialCiphertext: connector.credentialCiphertext,
      credentialVersion: connector.credentialVersion,
    },
  };
}

/**
 * A stored SYNCING belongs to a job that died or stalled without recording its end; what the
 * mailbox was before it shows in its last error and last success.
 */
function statusBeforeRun(mailbox: {
  syncStatus: MailboxSyncStatus;
  lastError: string | null;
  lastSyncedAt: Date | null;
}): MailboxSyncStatus {
  if (mailbox.syncStatus !== 'SYNCING') return mailbox.syncStatus;
  if (mailbox.lastError !== null) return 'ERROR';
  return mailbox.lastSyncedAt ? 'OK' : 'NEVER_SYNCED';
}

const targetsWhere = (reader: TenantReader, which: SQL) =>
  reader
    .select({ mailbox: mailboxes, connector: connectors })
    .from(mailboxes)
    .innerJoin(
      connectors,
      and(eq(connectors.tenantId, mailboxes.tenantId), eq(connectors.id, mailboxes.connectorId)),
    )
    .where(and(eq(mailboxes.tenantId, sql.placeholder('tenantId')), which));

const syncTargetStatement = (reader: TenantReader) =>
  targetsWhere(reader, eq(mailboxes.id, sql.placeholder('mailboxId')));

const syncTargetsStatement = (reader: TenantReader) =>
  targetsWhere(reader, sql`${mailboxes.id} = any(${sql.placeholder('mailboxIds')}::uuid[])`);
