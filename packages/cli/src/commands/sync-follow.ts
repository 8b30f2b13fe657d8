import {
  EventChangedDocument,
  SyncRunChangedDocument,
  SyncRunsDocument,
  type CalsyncClient,
  type SyncRunFieldsFragment,
} from '@calsync/client';
import { CliError } from '../cli-error.ts';
import type { Context } from '../context.ts';
import { renderProgress, type MailboxProgress } from './sync-progress.ts';
import type { SyncTarget } from './sync-target.ts';

type Run = SyncRunFieldsFragment;

const TERMINAL = new Set(['SUCCEEDED', 'FAILED']);
const isTerminal = (run: Run | null | undefined): boolean => !!run && TERMINAL.has(run.status);

export interface RunFollower {
  /** Call once the sync was requested: reads the runs once more and follows them to their end. */
  untilFinished(timeoutSeconds: number): Promise<number>;
  stop(): Promise<void>;
}

/** The target's recorded runs, newest first (one read, not a loop). */
async function recordedRuns(client: CalsyncClient, target: SyncTarget): Promise<Run[]> {
  const filter = target.kind === 'mailbox' ? { mailboxId: target.id } : { connectorId: target.connectorId };
  const { syncRuns } = await client.request(SyncRunsDocument, { ...filter, first: 200 });
  return syncRuns.nodes;
}

/**
 * `calsync sync --wait`, pushed rather than polled: the `syncRunChanged` subscription (and
 * `eventChanged` for the change counts) is opened BEFORE the sync is requested, so every run the
 * request opens is heard. Two reads of `syncRuns`, never a loop: one before the request (runs
 * that had already finished belong to earlier syncs) and one after it, for a run that opened and
 * ended while the subscription was still being set up on the server.
 */
export async function followRuns(
  ctx: Context,
  client: CalsyncClient,
  target: SyncTarget,
): Promise<RunFollower> {
  const wanted = new Set(target.mailboxes.map((m) => m.id));
  const runs = new Map<string, Run>();
  const counts = new Map<string, number>();
  let changed: () => void = () => undefined;
  let failure: Error | null = null;

  /** A run as last heard of; a finished run never goes back to RUNNING (notices may cross a read). */
  const record = (run: Run): void => {
    if (!wanted.has(run.mailboxId) || (isTerminal(runs.get(run.id)) && !isTerminal(run))) return;
    runs.set(run.id, run);
    changed();
  };

  const runFeed = client.subscribe(
    SyncRunChangedDocument,
    target.kind === 'mailbox' ? { mailboxIds: [target.id] } : { connectorId: target.connectorId },
  );
  const changeFeed = client.subscribe(EventChangedDocument, {
    mailboxIds: target.mailboxes.map((m) => m.id),
  });
  const consumed = [
    (async () => {
      try {
        for await (const { syncRunChanged } of runFeed) record(syncRunChanged);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        changed();
      }
    })(),
    (async () => {
      try {
        for await (const { eventChanged } of changeFeed) {
          counts.set(eventChanged.mailboxId, (counts.get(eventChanged.mailboxId) ?? 0) + 1);
          changed();
        }
      } catch (error) {
        // Only the counts depend on it: the runs' statuses come from syncRunChanged.
        ctx.io.stderr(
          `live progress unavailable: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      }
    })(),
  ];
  const finishedBefore = new Set((await recordedRuns(client, target)).filter(isTerminal).map((r) => r.id));

  /** Per mailbox, the newest run this request may have led to. */
  const rows = (): MailboxProgress[] =>
    target.mailboxes.map((m) => {
      const candidates = [...runs.values()].filter((r) => r.mailboxId === m.id && !finishedBefore.has(r.id));
      const newest = candidates.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''))[0];
      return { address: m.address, changes: counts.get(m.id) ?? 0, run: newest ?? null };
    });

  return {
    async untilFinished(timeoutSeconds) {
      for (const run of await recordedRuns(client, target)) record(run);
      const draw = createDrawer(ctx);
      let tick = 0;
      // Redraws only (the moving block of a running mailbox); nothing is read from the API here.
      const animation = ctx.io.isTTY ? setInterval(() => draw(rows(), ++tick), 1000) : null;
      let timer: NodeJS.Timeout | undefined;
      try {
        return await new Promise<number>((resolve, reject) => {
          changed = () => {
            const current = rows();
            draw(current, tick);
            if (failure) reject(new CliError(`Lost the live run status: ${failure.message}`));
            else if (current.every((r) => isTerminal(r.run)))
              resolve(current.filter((r) => r.run?.status === 'FAILED').length);
          };
          timer = setTimeout(
            () => reject(new CliError(`Gave up waiting after ${timeoutSeconds} s; the sync goes on`)),
            timeoutSeconds * 1000,
          );
          changed();
        });
      } finally {
        changed = () => undefined;
        clearTimeout(timer);
        if (animation) clearInterval(animation);
      }
    },
    async stop() {
      await Promise.all([runFeed.return(), changeFeed.return()]);
      await Promise.all(consumed);
    },
  };
}

/** Draws the per-mailbox lines: redrawn in place on a terminal, else one line per status change. */
function createDrawer(ctx: Context): (rows: MailboxProgress[], tick: number) => void {
  const printed = new Map<string, string>();
  let drawnLines = 0;
  return (rows, tick) => {
    const text = renderProgress(rows, tick);
    if (ctx.io.isTTY) {
      ctx.io.stdout(`${drawnLines > 0 ? `\x1b[${drawnLines}F\x1b[J` : ''}${text}\n`);
      drawnLines = rows.length;
      return;
    }
    text.split('\n').forEach((line, i) => {
      const status = rows[i]!.run?.status ?? 'WAITING';
      if (printed.get(rows[i]!.address) !== status) ctx.io.stdout(`${line}\n`);
      printed.set(rows[i]!.address, status);
    });
  };
}
