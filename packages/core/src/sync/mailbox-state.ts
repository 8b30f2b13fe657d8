import type { MailboxSyncErrorKind } from './mailbox-sync-error.ts';
import { and, eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { connectors, mailboxes, writeAsTenant, type Database, type Tx } from '../db/index.ts';
import type { ConnectorStatus, MailboxSyncStatus } from '../db/schema/enums.ts';
import type { SyncWindow } from './sync-window.ts';

/** A full round's start: its generation, and whether the mailbox had anything stored when it began. */
export interface FullRoundStart {
  generation: number;
  /**
   * Events or cached series masters of the mailbox existed when the round began. When none did (a
   * mailbox's first round), the round's sweep can only find what the round itself orphaned.
   */
  storedBefore: boolean;
}

/**
 * Starts a full round: a new generation, no delta link (nothing may claim to be
 * in sync until the round's last page is applied), and the window it is for.
 * Returns the new generation and whether anything was stored before it (two index probes in the
 * same statement; only this mailbox's sync job writes its rows, so none appear meanwhile).
 */
export async function beginFullRound(
  db: Database,
  tenantId: string,
  mailboxId: string,
  window: SyncWindow,
): Promise<FullRoundStart> {
  const rows = await writeAsTenant(db, tenantId, (tx) =>
    tx
      .update(mailboxes)
      .set({
        generation: sql`${mailboxes.generation} + 1`,
        cursor: null,
        resumeCursor: null,
        resumeKind: 'FULL',
        cursorWindowStart: window.start,
        cursorWindowEnd: window.end,
        updatedAt: new Date(),
      })
      .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, mailboxId)))
      .returning({
        generation: mailboxes.generation,
        // Values, not column references: drizzle leaves RETURNING's columns unqualified, and inside
        // the subqueries they would name the subqueries' own columns.
        storedBefore: sql<boolean>`exists (select 1 from events e
            where e.tenant_id = ${tenantId} and e.mailbox_id = ${mailboxId})
          or exists (select 1 from series_masters sm
            where sm.tenant_id = ${tenantId} and sm.mailbox_id = ${mailboxId})`,
      }),
  );
  const started = rows[0];
  if (started === undefined) throw new Error('mailbox disappeared while starting a full sync');
  return started;
}

/**
 * Discards the delta link and any unfinished round, so the next sync is a full
 * one. A job running meanwhile notices at its next page (its cursor check fails)
 * and restarts as a full sync.
 */
export async function dropDeltaState(
  db: Database,
  tenantId: string,
  mailboxIds: readonly string[],
): Promise<void> {
  if (mailboxIds.length === 0) return;
  await writeAsTenant(db, tenantId, (tx) =>
    tx
      .update(mailboxes)
      .set({ cursor: null, resumeCursor: null, resumeKind: null, updatedAt: new Date() })
      .where(
        and(eq(mailboxes.tenantId, tenantId), sql`${mailboxes.id} = any(${sql.param(mailboxIds)}::uuid[])`),
      ),
  );
}

/**
 * dropDeltaState for every mailbox of a connector, in the caller's transaction: a
 * settings change (masking, window) commits together with the promise of a full sync.
 */
export async function dropConnectorDeltaState(tx: Tx, tenantId: string, connectorId: string): Promise<void> {
  await tx
    .update(mailboxes)
    .set({ cursor: null, resumeCursor: null, resumeKind: null, updatedAt: new Date() })
    .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.connectorId, connectorId)));
}

export interface MailboxStatusDetails {
  lastError?: string | null | undefined;
  /** With lastError: its code and kind (both null on success). */
  errorCode?: string | null | undefined;
  errorKind?: MailboxSyncErrorKind | null | undefined;
  syncedAt?: Date | undefined;
}

export async function setMailboxSyncStatus(
  db: Database,
  tenantId: string,
  mailboxId: string,
  status: MailboxSyncStatus,
  details: MailboxStatusDetails = {},
): Promise<void> {
  await writeAsTenant(db, tenantId, (tx) =>
    tx
      .update(mailboxes)
      .set(mailboxStatusColumns({ status, details }))
      .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, mailboxId))),
  );
}

/** The mailbox columns a status (and its details) sets; only `updatedAt` without one. */
export function mailboxStatusColumns(
  after: { status: MailboxSyncStatus; details?: MailboxStatusDetails | undefined } | undefined,
) {
  const details = after?.details ?? {};
  return {
    ...(after ? { syncStatus: after.status } : {}),
    ...(details.lastError !== undefined ? { lastError: details.lastError } : {}),
    ...(details.errorCode !== undefined ? { lastErrorCode: details.errorCode } : {}),
    ...(details.errorKind !== undefined ? { lastErrorKind: details.errorKind } : {}),
    ...(details.syncedAt ? { lastSyncedAt: details.syncedAt } : {}),
    updatedAt: new Date(),
  };
}

/**
 * The mailbox still has the cursor a page (or a round's end) was fetched under. Values, or
 * placeholders of a compiled statement.
 */
export function cursorStillExpected(expected: {
  generation: number | Placeholder;
  resumeCursor: string | null | Placeholder;
  cursor: string | null | Placeholder;
}): SQL {
  return sql`${mailboxes.generation} = ${expected.generation}
    and ${mailboxes.resumeCursor} is not distinct from ${expected.resumeCursor}
    and ${mailboxes.cursor} is not distinct from ${expected.cursor}`;
}

/** Marks the connector (auth / consent failures); its jobs stop calling Graph until it changes or a check passes. */
export async function setConnectorStatus(
  db: Database,
  tenantId: string,
  connectorId: string,
  status: ConnectorStatus,
  detail: string,
): Promise<void> {
  await writeAsTenant(db, tenantId, (tx) =>
    tx
      .update(connectors)
      .set({ status, statusDetail: detail, updatedAt: new Date() })
      .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, connectorId))),
  );
}
