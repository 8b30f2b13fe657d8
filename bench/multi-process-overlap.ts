// What bench/multi-process.ts checks in sync_runs after a round: a mailbox synced twice, and the
// most runs of one mailbox and of one connector in progress at the same instant, across processes.
import type pg from 'pg';

export interface RoundOverlap {
  /** Mailboxes with more than one run in the round (each was enqueued once). */
  mailboxesRunTwice: number;
  /** Most runs of one mailbox in progress at once (1 when jobs are never processed twice). */
  maxPerMailbox: number;
  /** Most runs of one connector in progress at once (the per-connector cap holds across processes). */
  maxPerConnector: number;
}

export async function measureRoundOverlap(owner: pg.Client, tenantIds: string[]): Promise<RoundOverlap> {
  const { rows } = await owner.query<RoundOverlap>(
    `with runs as (
       select connector_id, mailbox_id, started_at, coalesce(finished_at, now()) as finished_at
       from sync_runs where tenant_id = any($1::uuid[]) and started_at is not null
     ),
     -- for each run start, how many runs of the same mailbox / connector were in progress then
     at_start as (
       select r.connector_id, r.mailbox_id,
              (select count(*) from runs s where s.mailbox_id = r.mailbox_id
                 and s.started_at <= r.started_at and s.finished_at > r.started_at) as same_mailbox,
              (select count(*) from runs s where s.connector_id = r.connector_id
                 and s.started_at <= r.started_at and s.finished_at > r.started_at) as same_connector
       from runs r
     )
     select
       (select count(*) from (select mailbox_id from runs group by mailbox_id having count(*) > 1) twice)::int
         as "mailboxesRunTwice",
       coalesce(max(same_mailbox), 0)::int as "maxPerMailbox",
       coalesce(max(same_connector), 0)::int as "maxPerConnector"
     from at_start`,
    [tenantIds],
  );
  return rows[0]!;
}
