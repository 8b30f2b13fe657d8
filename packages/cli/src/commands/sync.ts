import type { Command } from 'commander';
import { SyncConnectorDocument, SyncMailboxDocument } from '@calsync/client';
import { EXIT_FAILED } from '../cli-error.ts';
import type { Context } from '../context.ts';
import { withExamples } from '../examples.ts';
import { followRuns } from './sync-follow.ts';
import { resolveSyncTarget } from './sync-target.ts';

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
        // Listening before asking: a run the request opens is heard however quickly it ends.
        const follower = options.wait ? await followRuns(ctx, client, resolved) : undefined;
        try {
          const { enqueued } =
            resolved.kind === 'connector'
              ? (await client.request(SyncConnectorDocument, { id: resolved.id, full })).syncConnector
              : (await client.request(SyncMailboxDocument, { id: resolved.id, full })).syncMailbox;
          ctx.io.stdout(
            `Requested a ${full ? 'full' : 'delta'} sync of ${resolved.mailboxes.length} mailbox(es); ${enqueued} newly queued\n`,
          );
          if (!follower) return;
          const failed = await follower.untilFinished(options.timeout);
          if (failed > 0) ctx.exitCode = EXIT_FAILED;
        } finally {
          await follower?.stop();
        }
      }),
    [
      'calsync sync 3f1c…                          # every enabled mailbox of the connector',
      'calsync sync room-berlin@contoso.com --wait',
      'calsync sync 3f1c… --full --wait --timeout 1800',
    ],
  );
}
