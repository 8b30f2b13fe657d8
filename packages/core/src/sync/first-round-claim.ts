import { and, eq, sql } from 'drizzle-orm';
import { mailboxes, syncRuns, writeAsTenant, type Database, type SyncRunRow } from '../db/index.ts';
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
 * no longer matches and gets no run: the claim is what keeps two jobs from one first round. An
 * earlier attempt of the same job (same `queuedAt`) may have begun it: claimed again, one
 * generation on. Returns the runs opened.
 */
export async function claimFirstRounds(db: Database, claim: FirstRoundClaim): Promise<SyncRunRow[]> {
  if (claim.mailboxIds.length === 0) return [];
  const now = new Date();
  return writeAsTenant(db, claim.tenantId, (tx) => {
    const claimed = tx.$with('claimed').as(
      tx
        .update(mailboxes)
        .set({
          generation: sql`${mailboxes.generation} + 1`,
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
            // Never begun, or begun by an earlier attempt of this very job (a stalled job BullMQ
            // runs again: same queuedAt, its run still RUNNING).
            sql`(${mailboxes.generation} = 0 or exists (select 1 from sync_runs r
              where r.tenant_id = ${claim.tenantId}::uuid and r.mailbox_id = ${mailboxes.id}
                and r.status = 'RUNNING' and r.queued_at = ${claim.queuedAt}::timestamptz))`,
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
