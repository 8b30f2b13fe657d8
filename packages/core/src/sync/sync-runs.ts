import { and, eq } from 'drizzle-orm';
import { syncRuns, withTenant, type Database } from '../db/index.ts';
import type { SyncRunKind, SyncRunStatus, SyncRunTrigger } from '../db/schema/enums.ts';
import type { RunStats } from './run-stats.ts';

export interface StartRunInput {
  tenantId: string;
  connectorId: string;
  mailboxId: string;
  kind: SyncRunKind;
  trigger: SyncRunTrigger;
  queuedAt?: Date | undefined;
}

/** Opens the run's row (status RUNNING); returns its id. */
export async function startSyncRun(db: Database, input: StartRunInput): Promise<string> {
  const now = new Date();
  const rows = await withTenant(db, input.tenantId, (tx) =>
    tx
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
      .returning({ id: syncRuns.id }),
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('could not record the sync run');
  return id;
}

export interface FinishRunInput {
  tenantId: string;
  runId: string;
  status: Extract<SyncRunStatus, 'SUCCEEDED' | 'FAILED'>;
  /** A run that began as delta may end as full (410 resync). */
  kind: SyncRunKind;
  stats: RunStats;
  errorCode?: string | null | undefined;
  errorMessage?: string | null | undefined;
}

export async function finishSyncRun(db: Database, input: FinishRunInput): Promise<void> {
  await withTenant(db, input.tenantId, (tx) =>
    tx
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
      .where(and(eq(syncRuns.tenantId, input.tenantId), eq(syncRuns.id, input.runId))),
  );
}
