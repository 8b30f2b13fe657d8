import type { SyncRunFieldsFragment } from '@calsync/client';

export interface MailboxProgress {
  address: string;
  /** Event changes seen on the live subscription since the sync was requested. */
  changes: number;
  run: SyncRunFieldsFragment | null;
}

const BAR_WIDTH = 20;

/**
 * One line per mailbox. The bar fills as runs finish; Graph announces no total, so a running
 * mailbox shows a moving block and its live change count instead of a percentage.
 */
export function renderProgress(rows: readonly MailboxProgress[], tick: number): string {
  const width = Math.max(...rows.map((r) => r.address.length), 7);
  return rows
    .map((row) => {
      const status = row.run?.status ?? 'WAITING';
      const done = status === 'SUCCEEDED' || status === 'FAILED';
      const position = tick % BAR_WIDTH;
      const bar = done
        ? '#'.repeat(BAR_WIDTH)
        : Array.from({ length: BAR_WIDTH }, (_, i) =>
            status === 'RUNNING' && Math.abs(i - position) < 2 ? '#' : '.',
          ).join('');
      const detail =
        done && row.run
          ? `${row.run.upserted} upserted, ${row.run.deleted} deleted, ${row.run.pages} pages` +
            (row.run.errorCode ? ` — ${row.run.errorCode}: ${row.run.errorMessage ?? ''}` : '')
          : `${row.changes} changes so far`;
      return `${row.address.padEnd(width)}  [${bar}]  ${status.padEnd(9)}  ${detail}`;
    })
    .join('\n');
}
