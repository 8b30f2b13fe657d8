import { and, eq } from 'drizzle-orm';
import { syncRuns, withTenant, type Database, type SyncRunRow, type Tx } from '../db/index.ts';
import { announceSyncRun, type SyncRunFeed } from '../live/sync-run-feed.ts';
import type { MailboxSyncStatus, SyncRunKind, SyncRunStatus, SyncRunTrigger } from '../db/schema/enums.ts';
import { updateMailboxSyncStatus, type MailboxStatusDetails } from './mailbox-state.ts';
import type { RunStats } from './run-stats.ts';

export interface StartRunInput {
  tenantId: string;
  connectorId: string;
  mailboxId: string;
  kind: SyncRunKind;
  trigger: SyncRunTrigger;
  queuedAt?: Date | undefined;
}

/**
 * Opens the run's row (status RUNNING) and marks its mailbox SYNCING, in the caller's tenant
 * transaction; returns the row (announced once that transaction committed: live/sync-run-feed.ts).
 */
export async function insertSyncRun(tx: Tx, input: StartRunInput): Promise<SyncRunRow> {
  const now = new Date();
  const rows = await tx
    .insert(syncRuns)
    .values({
      tenantId: input.tenantId,
      connectorId: input.connectorId,
      mailboxId: input.mailboxId,
      kind: input.kind,
      trigger: input.trigger,
      status: 'RUNNING',
      queuedAt: input.queuedAt ?? now,
      startedAt: now,
    })
    .returning();
  const run = rows[0];
  if (!run) throw new Error('could not record the sync run');
  await updateMailboxSyncStatus(tx, input.tenantId, input.mailboxId, 'SYNCING');
  return run;
}

export interface FinishRunInput {
  tenantId: string;
  mailboxId: string;
  runId: string;
  status: Extract<SyncRunStatus, 'SUCCEEDED' | 'FAILED'>;
  /** A run that began as delta may end as full (410 resync). */
  kind: SyncRunKind;
  stats: RunStats;
  errorCode?: string | null | undefined;
  errorMessage?: string | null | undefined;
}

/** The mailbox's status as the run leaves it. */
export interface MailboxStatusAfterRun {
  status: MailboxSyncStatus;
  details?: MailboxStatusDetails | undefined;
}

/**
 * Closes the run's row and, when given, sets its mailbox's status in the same transaction: one
 * round of BEGIN/set_config/COMMIT per run end instead of two, and no moment where the run is
 * recorded finished while its mailbox still shows SYNCING. Then announces the closed run.
 */
export async function finishSyncRun(
  deps: SyncRunFeed & { db: Database },
  input: FinishRunInput,
  mailbox?: MailboxStatusAfterRun,
): Promise<void> {
  const run = await withTenant(deps.db, input.tenantId, async (tx) => {
    const [closed] = await tx
      .update(syncRuns)
      .set({
        status: input.status,
        kind: input.kind,
        finishedAt: new Date(),
        pages: input.stats.pages,
        upserted: input.stats.upserted,
        deleted: input.stats.deleted,
        graphRequests: input.stats.graphRequests,
        throttled: input.stats.throttled,
        errorCode: input.errorCode ?? null,
        // Graph messages carry no secrets, but keep rows bounded.
        errorMessage: input.errorMessage ? input.errorMessage.slice(0, 1000) : null,
      })
      .where(and(eq(syncRuns.tenantId, input.tenantId), eq(syncRuns.id, input.runId)))
      .returning();
    if (mailbox)
      await updateMailboxSyncStatus(tx, input.tenantId, input.mailboxId, mailbox.status, mailbox.details);
    return closed;
  });
  announceSyncRun(deps, run);
}
