import { Option, type Command } from 'commander';
import {
  AddMailboxesDocument,
  DiscoverRoomsDocument,
  MailboxesDocument,
  RemoveMailboxesDocument,
  type MailboxFieldsFragment,
  type MailboxKind,
} from '@calsync/client';
import type { Context } from '../context.ts';
import { withExamples } from '../examples.ts';
import { formatDateTime, json, renderTable } from '../output.ts';

function mailboxTable(rows: readonly MailboxFieldsFragment[]): string {
  return renderTable(rows, [
    { header: 'ID', value: (m) => m.id },
    { header: 'ADDRESS', value: (m) => m.address },
    { header: 'NAME', value: (m) => m.displayName },
    { header: 'KIND', value: (m) => m.kind },
    { header: 'SYNC', value: (m) => m.syncStatus },
    { header: 'LAST SYNCED', value: (m) => formatDateTime(m.lastSyncedAt) },
    { header: 'LAST ERROR', value: (m) => m.lastError },
  ]);
}

export function registerMailboxes(program: Command, ctx: Context): void {
  const mailboxes = withExamples(
    program.command('mailboxes').description('Choose the mailboxes a connector syncs'),
    ['calsync mailboxes list --kind ROOM', 'calsync mailboxes discover-rooms 3f1c…'],
  );

  withExamples(
    mailboxes
      .command('add')
      .description('Add mailboxes to a connector (adding an existing one changes nothing)')
      .argument('<connector>', 'connector id')
      .argument('<address...>', 'SMTP addresses')
      .option('--json', 'print JSON')
      .action(async (connectorId: string, addresses: string[], options: { json?: boolean }) => {
        const client = await ctx.client();
        const { addMailboxes } = await client.request(AddMailboxesDocument, { connectorId, addresses });
        ctx.io.stdout(options.json ? json(addMailboxes) : mailboxTable(addMailboxes));
      }),
    ['calsync mailboxes add 3f1c… room-berlin@contoso.com room-tokyo@contoso.com'],
  );

  withExamples(
    mailboxes
      .command('remove')
      .description('Stop syncing mailboxes and delete their events')
      .argument('<connector>', 'connector id')
      .argument('<address...>', 'SMTP addresses')
      .action(async (connectorId: string, addresses: string[]) => {
        const client = await ctx.client();
        const { removeMailboxes } = await client.request(RemoveMailboxesDocument, { connectorId, addresses });
        ctx.io.stdout(`Removed ${removeMailboxes} mailbox${removeMailboxes === 1 ? '' : 'es'}\n`);
      }),
    ['calsync mailboxes remove 3f1c… old-room@contoso.com'],
  );

  withExamples(
    mailboxes
      .command('list')
      .description('List mailboxes with their sync status')
      .option('--connector <id>', 'only this connector')
      .addOption(
        new Option('--kind <kind>', 'only this kind').choices(['ROOM', 'EQUIPMENT', 'USER', 'UNKNOWN']),
      )
      .option('--search <text>', 'address or display name contains')
      .option('--json', 'print JSON')
      .action(
        async (options: { connector?: string; kind?: MailboxKind; search?: string; json?: boolean }) => {
          const client = await ctx.client();
          const filter = {
            first: 200,
            ...(options.connector ? { connectorId: options.connector } : {}),
            ...(options.kind ? { kind: options.kind } : {}),
            ...(options.search ? { search: options.search } : {}),
          };
          const rows = [];
          for await (const m of client.paginate(MailboxesDocument, filter, (d) => d.mailboxes)) rows.push(m);
          ctx.io.stdout(options.json ? json(rows) : mailboxTable(rows));
        },
      ),
    [
      'calsync mailboxes list',
      'calsync mailboxes list --kind ROOM --search berlin',
      'calsync mailboxes list --json',
    ],
  );

  withExamples(
    mailboxes
      .command('discover-rooms')
      .description(
        'Add every room mailbox the directory lists (Microsoft 365: needs Place.Read.All; Exchange: room lists)',
      )
      .argument('<connector>', 'connector id')
      .option('--json', 'print JSON')
      .action(async (connectorId: string, options: { json?: boolean }) => {
        const client = await ctx.client();
        const { discoverRooms } = await client.request(DiscoverRoomsDocument, { connectorId });
        ctx.io.stdout(options.json ? json(discoverRooms) : mailboxTable(discoverRooms));
      }),
    ['calsync mailboxes discover-rooms 3f1c…'],
  );
}
