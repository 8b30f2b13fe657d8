import type { Command } from 'commander';
import { EventsDocument } from '@calsync/client';
import { CliError } from '../cli-error.ts';
import type { Context } from '../context.ts';
import { withExamples } from '../examples.ts';
import { formatDateTime, renderTable } from '../output.ts';

function parseInstant(value: string, option: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new CliError(`${option} ${value} is not a date (use ISO 8601)`);
  return date.toISOString();
}

export function registerEvents(program: Command, ctx: Context): void {
  withExamples(
    program
      .command('events')
      .description("Print a mailbox's synced events between two instants")
      .argument('<address>', 'mailbox SMTP address')
      .option('--from <date>', 'start (ISO 8601; default now)')
      .option('--to <date>', 'end (ISO 8601; default 7 days after --from)')
      .option('--tz <zone>', 'IANA zone for the table (default: this machine)')
      .option('--include-cancelled', 'include cancelled events')
      .option('--json', 'print one JSON array')
      .option('--ndjson', 'print one JSON object per line, as the pages arrive')
      .action(
        async (
          address: string,
          options: {
            from?: string;
            to?: string;
            tz?: string;
            includeCancelled?: boolean;
            json?: boolean;
            ndjson?: boolean;
          },
        ) => {
          if (options.json && options.ndjson) throw new CliError('Give --json or --ndjson, not both');
          const start = options.from ? parseInstant(options.from, '--from') : new Date().toISOString();
          const end = options.to
            ? parseInstant(options.to, '--to')
            : new Date(new Date(start).getTime() + 7 * 86_400_000).toISOString();
          const client = await ctx.client();
          const pages = client.paginate(
            EventsDocument,
            {
              addresses: [address],
              start,
              end,
              first: 500,
              includeCancelled: options.includeCancelled ?? false,
            },
            (d) => d.events,
          );
          const rows = [];
          for await (const event of pages) {
            if (options.ndjson) ctx.io.stdout(`${JSON.stringify(event)}\n`);
            else rows.push(event);
          }
          if (options.ndjson) return;
          if (options.json) return ctx.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
          ctx.io.stdout(
            renderTable(rows, [
              {
                header: 'START',
                value: (e) =>
                  e.isAllDay ? `${e.start.slice(0, 10)} all day` : formatDateTime(e.start, options.tz),
              },
              { header: 'END', value: (e) => (e.isAllDay ? '' : formatDateTime(e.end, options.tz)) },
              {
                header: 'SUBJECT',
                value: (e) => e.subject ?? (e.sensitivity === 'NORMAL' ? '' : '(private)'),
              },
              { header: 'SHOW AS', value: (e) => e.showAs },
              { header: 'ORGANIZER', value: (e) => e.organizer?.address },
              { header: 'ONLINE', value: (e) => e.onlineMeeting?.provider },
            ]),
          );
        },
      ),
    [
      'calsync events room-berlin@contoso.com',
      'calsync events room-berlin@contoso.com --from 2027-03-01 --to 2027-03-08 --tz Europe/Berlin',
      'calsync events room-berlin@contoso.com --from 2027-03-01T00:00:00Z --to 2027-04-01T00:00:00Z --ndjson | jq .subject',
    ],
  );
}
