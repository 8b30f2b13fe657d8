import type { Command } from 'commander';
import {
  ConnectorDocument,
  ConnectorsDocument,
  CreateConnectorDocument,
  DeleteConnectorDocument,
  TestConnectorDocument,
  UpdateConnectorDocument,
  type ConnectorFieldsFragment,
} from '@calsync/client';
import { CliError } from '../cli-error.ts';
import type { Context } from '../context.ts';
import { withExamples } from '../examples.ts';
import { formatDateTime, json, renderTable } from '../output.ts';
import {
  addConnectorOptions,
  commonInput,
  credentialInput,
  type ConnectorOptions,
} from './connector-input.ts';
import { diagnosticsExitCode, renderDiagnostics } from './diagnostics.ts';

function describeConnector(c: ConnectorFieldsFragment): string {
  const rows: [string, string | number | boolean | null][] = [
    ['ID', c.id],
    ['Name', c.name],
    ['Status', c.statusDetail ? `${c.status} — ${c.statusDetail}` : c.status],
    ['Cloud', c.cloud],
    ['Directory', c.azureTenantId],
    ['Client ID', c.clientId],
    ['Credential', `${c.credentialKind} …${c.credentialHint}`],
    ['Expires', formatDateTime(c.credentialExpiresAt) || null],
    ['Sync window', `${c.syncWindow.pastDays} days back, ${c.syncWindow.futureDays} days ahead`],
    ['Interval', `${c.syncIntervalSeconds} s`],
    ['Private events', c.maskPrivateEvents ? 'masked' : 'stored in full'],
    ['Enabled', c.enabled],
    ['Last checked', formatDateTime(c.lastCheckedAt) || null],
  ];
  return rows.map(([k, v]) => `${`${k}:`.padEnd(16)}${v ?? '-'}`).join('\n') + '\n';
}

export function registerConnectors(program: Command, ctx: Context): void {
  const connectors = withExamples(
    program.command('connectors').description('Manage Microsoft 365 connectors'),
    ['calsync connectors list', 'calsync connectors test 3f1c…'],
  );

  withExamples(
    addConnectorOptions(
      connectors
        .command('create')
        .description('Create a connector; status starts PENDING and a check is queued')
        .requiredOption('--name <name>', 'display name'),
    )
      .option('--mailbox <address...>', 'mailboxes to sync')
      .option('--json', 'print JSON')
      .action(async (options: ConnectorOptions & { name: string; mailbox?: string[]; json?: boolean }) => {
        if (!options.azureTenant || !options.clientId) {
          throw new CliError('--azure-tenant and --client-id are required');
        }
        const credential = await credentialInput(ctx.io, options);
        if (!credential.clientSecret && !credential.certificate) {
          throw new CliError(
            'A credential is required: --client-secret-file, --client-secret-stdin, or --certificate-file with --private-key-file',
          );
        }
        const client = await ctx.client();
        const { createConnector } = await client.request(CreateConnectorDocument, {
          input: {
            ...commonInput(options),
            name: options.name,
            azureTenantId: options.azureTenant,
            clientId: options.clientId,
            ...(options.cloud ? { cloud: options.cloud } : {}),
            ...credential,
            ...(options.mailbox ? { mailboxes: options.mailbox } : {}),
          },
        });
        if (options.json) return ctx.io.stdout(json(createConnector));
        ctx.io.stdout(describeConnector(createConnector));
      }),
    [
      'calsync connectors create --name Contoso --azure-tenant contoso.onmicrosoft.com \\\n      --client-id 1b2c… --client-secret-file ./secret.txt --mailbox room-berlin@contoso.com',
      'op read op://it/calsync/secret | calsync connectors create --name Contoso --azure-tenant contoso.onmicrosoft.com --client-id 1b2c… --client-secret-stdin',
      'calsync connectors create --name Contoso --azure-tenant 72f9… --client-id 1b2c… --certificate-file cert.pem --private-key-file key.pem',
    ],
  );

  withExamples(
    addConnectorOptions(
      connectors
        .command('update')
        .description('Change a connector; a new secret or certificate rotates the credential')
        .argument('<id>', 'connector id')
        .option('--name <name>', 'display name'),
    )
      .option('--enable', 'enable syncing')
      .option('--disable', 'stop syncing')
      .option('--json', 'print JSON')
      .action(
        async (
          id: string,
          options: ConnectorOptions & { enable?: boolean; disable?: boolean; json?: boolean },
        ) => {
          if (options.enable && options.disable) throw new CliError('Give --enable or --disable, not both');
          const enabled = options.enable ? { enabled: true } : options.disable ? { enabled: false } : {};
          const input = { ...commonInput(options), ...(await credentialInput(ctx.io, options)), ...enabled };
          if (Object.keys(input).length === 0)
            throw new CliError('Nothing to change: give at least one option');
          const client = await ctx.client();
          const { updateConnector } = await client.request(UpdateConnectorDocument, { id, input });
          if (options.json) return ctx.io.stdout(json(updateConnector));
          ctx.io.stdout(describeConnector(updateConnector));
        },
      ),
    [
      'calsync connectors update 3f1c… --client-secret-file ./new-secret.txt --credential-expires 2028-06-30',
      'calsync connectors update 3f1c… --future-days 90 --interval 600',
      'calsync connectors update 3f1c… --disable',
    ],
  );

  withExamples(
    connectors
      .command('delete')
      .description('Delete a connector with its mailboxes, events and sync history')
      .argument('<id>', 'connector id')
      .option('--yes', 'confirm the deletion')
      .action(async (id: string, options: { yes?: boolean }) => {
        if (!options.yes)
          throw new CliError('Deleting removes every mailbox and event of the connector: add --yes');
        const client = await ctx.client();
        await client.request(DeleteConnectorDocument, { id });
        ctx.io.stdout(`Deleted connector ${id}\n`);
      }),
    ['calsync connectors delete 3f1c… --yes'],
  );

  withExamples(
    connectors
      .command('list')
      .description('List connectors with their status')
      .option('--json', 'print JSON')
      .action(async (options: { json?: boolean }) => {
        const client = await ctx.client();
        const rows = [];
        for await (const c of client.paginate(ConnectorsDocument, { first: 200 }, (d) => d.connectors))
          rows.push(c);
        if (options.json) return ctx.io.stdout(json(rows));
        ctx.io.stdout(
          renderTable(rows, [
            { header: 'ID', value: (c) => c.id },
            { header: 'NAME', value: (c) => c.name },
            { header: 'STATUS', value: (c) => c.status },
            { header: 'DIRECTORY', value: (c) => c.azureTenantId },
            { header: 'ENABLED', value: (c) => (c.enabled ? 'yes' : 'no') },
            { header: 'LAST CHECKED', value: (c) => formatDateTime(c.lastCheckedAt) },
          ]),
        );
      }),
    ['calsync connectors list', 'calsync connectors list --json'],
  );

  withExamples(
    connectors
      .command('show')
      .description('Show one connector with its last diagnostics')
      .argument('<id>', 'connector id')
      .option('--json', 'print JSON')
      .action(async (id: string, options: { json?: boolean }) => {
        const client = await ctx.client();
        const { connector } = await client.request(ConnectorDocument, { id });
        if (!connector) throw new CliError(`No connector ${id}`);
        if (options.json) return ctx.io.stdout(json(connector));
        ctx.io.stdout(describeConnector(connector));
        if (connector.lastDiagnostics) ctx.io.stdout(`\n${renderDiagnostics(connector.lastDiagnostics)}`);
      }),
    ['calsync connectors show 3f1c…'],
  );

  withExamples(
    connectors
      .command('test')
      .description('Run the diagnostics against Microsoft now; exit 0 healthy, 1 degraded, 2 failed')
      .argument('<id>', 'connector id')
      .option('--json', 'print JSON')
      .action(async (id: string, options: { json?: boolean }) => {
        const client = await ctx.client();
        const { testConnector } = await client.request(TestConnectorDocument, { id });
        ctx.io.stdout(options.json ? json(testConnector) : renderDiagnostics(testConnector));
        ctx.exitCode = diagnosticsExitCode(testConnector);
      }),
    ['calsync connectors test 3f1c…', 'calsync connectors test 3f1c… || echo "needs attention"'],
  );
}
