import { and, eq, sql } from 'drizzle-orm';
import {
  mailboxes,
  readAsTenant,
  syncRuns,
  writeAsTenant,
  type Database,
  type SyncRunRow,
} from '../db/index.ts';
import type { SyncRunTrigger } from '../db/schema/enums.ts';
import type { SyncWindow } from './sync-window.ts';

/** The generation a mailbox's first full round writes (sync/mailbox-state.ts beginFullRound from 0). */
export const FIRST_GENERATION = 1;

export interface FirstRoundClaim {
  tenantId: string;
  connectorId: string;
  mailboxIds: readonly string[];
  trigger: SyncRunTrigger;
  queuedAt: Date;
  window: SyncWindow;
}

/**
 * Begins the first full round of each mailbox that has never begun one, in one statement: a
 * mailbox still at generation 0 with no cursor moves to generation 1 (SYNCING, its window stored,
 * as beginFullRound does) and gets its run (RUNNING, FULL). A mailbox another job began meanwhile
 * no longer matches and gets no run: the claim is what keeps two jobs from one first round.
 * Returns the runs opened.
 */
export async function claimFirstRounds(db: Database, claim: FirstRoundClaim): Promise<SyncRunRow[]> {
  if (claim.mailboxIds.length === 0) return [];
  const now = new Date();
  return writeAsTenant(db, claim.tenantId, (tx) => {
    const claimed = tx.$with('claimed').as(
      tx
        .update(mailboxes)
        .set({
          generation: FIRST_GENERATION,
          resumeKind: 'FULL',
          cursorWindowStart: claim.window.start,
          cursorWindowEnd: claim.window.end,
          syncStatus: 'SYNCING',
          updatedAt: now,
        })
        .where(
          and(
            eq(mailboxes.tenantId, claim.tenantId),
            eq(mailboxes.connectorId, claim.connectorId),
            sql`${mailboxes.id} = any(${sql.param(claim.mailboxIds)}::uuid[])`,
            eq(mailboxes.enabled, true),
            sql`${mailboxes.cursor} is null and ${mailboxes.resumeCursor} is null`,
            eq(mailboxes.generation, 0),
          ),
        )
        .returning({ id: mailboxes.id }),
    );
    // Every column of sync_runs in the table's order (drizzle's insert … select takes them all).
    return tx
      .with(claimed)
      .insert(syncRuns)
      .select(
        sql`select ${claim.tenantId}::uuid, gen_random_uuid(), ${claim.connectorId}::uuid, claimed.id, 'FULL',
          ${claim.trigger}, 'RUNNING', ${claim.queuedAt}::timestamptz, ${now}::timestamptz, null::timestamptz,
          0, 0, 0, 0, 0, null, null
          from claimed`,
      )
      .returning();
  });
}

/**
 * The runs an earlier attempt of the same batch job opened and never closed (a worker killed
 * mid-batch; BullMQ runs the job again with the same `queuedAt`), by mailbox: the job takes
 * those mailboxes over where their state stands, under the same run.
 */
export async function openRunsOfJob(
  db: Database,
  tenantId: string,
  mailboxIds: readonly string[],
  queuedAt: Date,
): Promise<Map<string, string>> {
  if (mailboxIds.length === 0) return new Map();
  const rows = await readAsTenant(db, tenantId, (tx) =>
    tx
      .select({ mailboxId: syncRuns.mailboxId, id: syncRuns.id })
      .from(syncRuns)
      .where(
        and(
          eq(syncRuns.tenantId, tenantId),
          sql`${syncRuns.mailboxId} = any(${sql.param(mailboxIds)}::uuid[])`,
          eq(syncRuns.status, 'RUNNING'),
          eq(syncRuns.queuedAt, queuedAt),
        ),
      ),
  );
  return new Map(rows.map((r) => [r.mailboxId, r.id]));
}
