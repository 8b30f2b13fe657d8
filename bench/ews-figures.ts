// Figures the EWS bench reads back: the span of sync runs (Postgres) and EWS requests per operation (emulator log).
import type pg from 'pg';
import type { RequestLogEntry } from '@calsync/graph-emulator/request-log';

export interface SyncSpan {
  /** First start to last finish of the runs started since the tick. */
  seconds: number;
  perMailbox: number;
  upserted: number;
  deleted: number;
}

export async function syncSpan(owner: pg.Client, since: Date): Promise<SyncSpan> {
  const res = await owner.query<{ span: number; avg: number; upserted: number; deleted: number }>(
    `select extract(epoch from max(finished_at) - min(started_at))::float8 as span,
            avg(extract(epoch from finished_at - started_at))::float8 as avg,
            coalesce(sum(upserted), 0)::int as upserted, coalesce(sum(deleted), 0)::int as deleted
       from sync_runs where started_at >= $1 and finished_at is not null`,
    [since],
  );
  const r = res.rows[0]!;
  return { seconds: r.span, perMailbox: r.avg, upserted: r.upserted, deleted: r.deleted };
}

/** "N SyncFolderItems, N FindItem, …" of the logged requests; NTLM's first leg (401) is counted apart. */
export function requestsByOperation(entries: readonly RequestLogEntry[]): string {
  const counts = new Map<string, number>();
  for (const e of entries) {
    const key = e.status === 401 ? 'NTLM challenge' : e.route;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([route, n]) => `${n} ${route}`)
    .join(', ');
}
