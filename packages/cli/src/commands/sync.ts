import type { Command } from 'commander';
import {
  EventChangedDocument,
  SyncConnectorDocument,
  SyncMailboxDocument,
  SyncRunsDocument,
  type CalsyncClient,
  type SyncRunFieldsFragment,
} from '@calsync/client';
import { CliError, EXIT_FAILED } from '../cli-error.ts';
import type { Context } from '../context.ts';
import { withExamples } from '../examples.ts';
import { renderProgress, type MailboxProgress } from './sync-progress.ts';
import { resolveSyncTarget, type SyncTarget } from './sync-target.ts';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED']);

async function recentRuns(client: CalsyncClient, connectorId: string): Promise<SyncRunFieldsFragment[]> {
  const { syncRuns } = await client.request(SyncRunsDocument, { connectorId, first: 200 });
  return syncRuns.nodes;
}

/** Counts event changes per mailbox from the live subscription until stopped. */
function countLiveChanges(
  ctx: Context,
  client: CalsyncClient,
  target: SyncTarget,
  counts: Map<string, number>,
) {
  const changes = client.subscribe(EventChangedDocument, { mailboxIds: target.mailboxes.map((m) => m.id) });
  const consumed = (async () => {
    try {
      for await (const { eventChanged } of changes) {
        counts.set(eventChanged.mailboxId, (counts.get(eventChanged.mailboxId) ?? 0) + 1);
      }
    } catch (error) {
      ctx.io.stderr(`live progress unavailable: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  })();
  return async () => {
    await changes.return();
    await consumed;
  };
}

export function registerSync(program: Command, ctx: Context): void {
  withExamples(
    program
      .command('sync')
      .description('Sync a connector (all its enabled mailboxes) or one mailbox now')
      .argument('<target>', 'connector id, mailbox id or mailbox address')
      .option('--full', 'drop the delta state and read the whole window again')
      .option('--wait', 'follow the runs live until every mailbox finished (exit 2 if one failed)')
      .option('--timeout <seconds>', 'give up waiting after this long', (v) => Number(v), 600)
      .action(async (target: string, options: { full?: boolean; wait?: boolean; timeout: number }) => {
        const client = await ctx.client();
        const resolved = await resolveSyncTarget(client, target);
        const full = options.full ?? false;
        // Runs that existed and had finished before the request are not this request's.
        const finishedBefore = options.wait
          ? new Set(
              (await recentRuns(client, resolved.connectorId))
                .filter((r) => TERMINAL.has(r.status))
                .map((r) => r.id),
            )
          : new Set<string>();
        const counts = new Map<string, number>();
        const stopLive = options.wait ? countLiveChanges(ctx, client, resolved, counts) : undefined;
        try {
          const { enqueued } =
            resolved.kind === 'connector'
              ? (await client.request(SyncConnectorDocument, { id: resolved.id, full })).syncConnector
              : (await client.request(SyncMailboxDocument, { id: resolved.id, full })).syncMailbox;
          ctx.io.stdout(
            `Requested a ${full ? 'full' : 'delta'} sync of ${resolved.mailboxes.length} mailbox(es); ${enqueued} newly queued\n`,
          );
          if (!options.wait) return;
          const failed = await follow(ctx, client, resolved, finishedBefore, counts, options.timeout);
          if (failed > 0) ctx.exitCode = EXIT_FAILED;
        } finally {
          await stopLive?.();
        }
      }),
    [
      'calsync sync 3f1c…                          # every enabled mailbox of the connector',
      'calsync sync room-berlin@contoso.com --wait',
      'calsync sync 3f1c… --full --wait --timeout 1800',
    ],
  );
}

/** Redraws the per-mailbox lines until every mailbox has a finished run; returns how many failed. */
async function follow(
  ctx: Context,
  client: CalsyncClient,
  target: SyncTarget,
  finishedBefore: Set<string>,
  counts: Map<string, number>,
  timeoutSeconds: number,
): Promise<number> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const printed = new Map<string, string>();
  let drawnLines = 0;
  for (let tick = 0; ; tick++) {
    const runs = (await recentRuns(client, target.connectorId)).filter((r) => !finishedBefore.has(r.id));
    const rows: MailboxProgress[] = target.mailboxes.map((m) => ({
      address: m.address,
      changes: counts.get(m.id) ?? 0,
      // Newest first: the first run of the mailbox is the one this request led to.
      run: runs.find((r) => r.mailboxId === m.id) ?? null,
    }));
    const text = renderProgress(rows, tick);
    if (ctx.io.isTTY) {
      ctx.io.stdout(`${drawnLines > 0 ? `\x1b[${drawnLines}F\x1b[J` : ''}${text}\n`);
      drawnLines = rows.length;
    } else {
      // Not a terminal: one line per mailbox whenever its status changes.
      text.split('\n').forEach((line, i) => {
        const status = rows[i]!.run?.status ?? 'WAITING';
        if (printed.get(rows[i]!.address) !== status) ctx.io.stdout(`${line}\n`);
        printed.set(rows[i]!.address, status);
      });
    }
    if (rows.every((r) => r.run && TERMINAL.has(r.run.status))) {
      return rows.filter((r) => r.run?.status === 'FAILED').length;
    }
    if (Date.now() > deadline)
      throw new CliError(`Gave up waiting after ${timeoutSeconds} s; the sync goes on`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
