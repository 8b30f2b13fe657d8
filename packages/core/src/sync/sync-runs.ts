import { and, eq, sql } from 'drizzle-orm';
import {
  mailboxes,
  placeholderColumns,
  statementName,
  syncRuns,
  writeCompiledAsTenant,
  type Database,
  type SyncRunRow,
} from '../db/index.ts';
import { announceSyncRun, type SyncRunFeed } from '../live/sync-run-feed.ts';
import type { MailboxSyncStatus, SyncRunKind, SyncRunStatus, SyncRunTrigger } from '../db/schema/enums.ts';
import { CursorMovedError, type ExpectedCursor } from './apply-page.ts';
import { cursorStillExpected, mailboxStatusColumns, type MailboxStatusDetails } from './mailbox-state.ts';
import type { RunStats } from './run-stats.ts';

// A job's bookkeeping is one statement at its start and one at its end, each one round trip and
// compiled once per shape (db/prepared-tenant-read.ts writeCompiledAsTenant): for an unchanged
// mailbox that bookkeeping is most of the job (docs/scaling.md, Workers). The mailbox's row is
// changed in a data-modifying CTE of the statement that writes the run, so both commit together
// or not at all.

const tenantIs = (column: typeof mailboxes.tenantId | typeof syncRuns.tenantId) =>
  eq(column, sql.placeholder('tenantId'));

export interface StartRunInput {
  tenantId: string;
  connectorId: string;
  mailboxId: string;
  kind: SyncRunKind;
  trigger: SyncRunTrigger;
  queuedAt?: Date | undefined;
}

/** Opens the run's row (status RUNNING) and marks its mailbox SYNCING in one statement, then announces the run. */
export async function openSyncRun(
  deps: SyncRunFeed & { db: Database },
  input: StartRunInput,
): Promise<SyncRunRow> {
  const now = new Date();
  const [run] = await writeCompiledAsTenant(
    deps.db,
    input.tenantId,
    'open_sync_run',
    (db) => {
      const marked = db.$with('marked').as(
        db
          .update(mailboxes)
          .set({ syncStatus: 'SYNCING', updatedAt: sql`${sql.placeholder('now')}` })
          .where(and(tenantIs(mailboxes.tenantId), eq(mailboxes.id, sql.placeholder('mailboxId'))))
          .returning({ id: mailboxes.id }),
      );
      return db
        .with(marked)
        .insert(syncRuns)
        .values({
          tenantId: sql.placeholder('tenantId'),
          connectorId: sql.placeholder('connectorId'),
          mailboxId: sql.placeholder('mailboxId'),
          kind: sql.placeholder('kind'),
          trigger: sql.placeholder('trigger'),
          status: 'RUNNING',
          queuedAt: sql.placeholder('queuedAt'),
          startedAt: sql.placeholder('now'),
        })
        .returning();
    },
    {
      tenantId: input.tenantId,
      connectorId: input.connectorId,
      mailboxId: input.mailboxId,
      kind: input.kind,
      trigger: input.trigger,
      queuedAt: input.queuedAt ?? now,
      now,
    },
  );
  if (!run) throw new Error('could not record the sync run');
  announceSyncRun(deps, run);
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
 * A round's last cursor stored with the run's end: when the last page brought nothing to write
 * (an unchanged mailbox's delta round), storing its cursor is the only write left, so it joins the
 * run's closing statement instead of a page transaction of its own.
 */
export interface FinalCursor {
  cursor: string;
  expected: ExpectedCursor;
}

/**
 * Closes the run's row and, when given, sets its mailbox's status (and stores `finalCursor`) in
 * the same statement: no moment where the run is recorded finished while its mailbox still shows
 * SYNCING. Then announces the closed run. With `finalCursor`, nothing is written when the mailbox
 * no longer has the expected cursor (another job or a reset moved it): CursorMovedError, as for a
 * page, and the caller restarts its round.
 */
export async function finishSyncRun(
  deps: SyncRunFeed & { db: Database },
  input: FinishRunInput,
  mailbox?: MailboxStatusAfterRun,
  finalCursor?: FinalCursor,
): Promise<void> {
  const mailboxSet = placeholderColumns('m', {
    ...(mailbox || finalCursor ? mailboxStatusColumns(mailbox) : {}),
    ...cursorColumns(finalCursor),
  });
  const runSet = placeholderColumns('r', closedRunColumns(input));
  const expected = finalCursor?.expected;
  const shape = `${mailboxSet.shape}|${runSet.shape}|${expected ? 'cursor' : ''}`;
  const [run] = await writeCompiledAsTenant(
    deps.db,
    input.tenantId,
    statementName('finish_sync_run', shape),
    (db) => {
      const mailboxWrite =
        mailboxSet.shape === ''
          ? undefined
          : db.$with(MAILBOX_WRITTEN).as(
              db
                .update(mailboxes)
                .set(mailboxSet.columns)
                .where(
                  and(
                    tenantIs(mailboxes.tenantId),
                    eq(mailboxes.id, sql.placeholder('mailboxId')),
                    expected
                      ? cursorStillExpected({
                          generation: sql.placeholder('generation'),
                          resumeCursor: sql.placeholder('expectedResumeCursor'),
                          cursor: sql.placeholder('expectedCursor'),
                        })
                      : undefined,
                  ),
                )
                .returning({ id: mailboxes.id }),
            );
      return (mailboxWrite ? db.with(mailboxWrite) : db)
        .update(syncRuns)
        .set(runSet.columns)
        .where(
          and(
            tenantIs(syncRuns.tenantId),
            eq(syncRuns.id, sql.placeholder('runId')),
            // The run closes with its cursor or not at all; otherwise even if the mailbox row is gone.
            expected ? sql.raw(`exists (select 1 from "${MAILBOX_WRITTEN}")`) : undefined,
          ),
        )
        .returning();
    },
    {
      tenantId: input.tenantId,
      mailboxId: input.mailboxId,
      runId: input.runId,
      ...mailboxSet.values,
      ...runSet.values,
      ...(expected
        ? {
            generation: expected.generation,
            expectedResumeCursor: expected.resumeCursor,
            expectedCursor: expected.cursor,
          }
        : {}),
    },
  );
  if (finalCursor && !run) throw new CursorMovedError('the mailbox sync cursor moved; run not closed');
  announceSyncRun(deps, run);
}

const MAILBOX_WRITTEN = 'mailbox_written';

function closedRunColumns(input: FinishRunInput) {
  return {
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
  };
}

function cursorColumns(finalCursor: FinalCursor | undefined) {
  return finalCursor ? { cursor: finalCursor.cursor, resumeCursor: null, resumeKind: null } : {};
}
