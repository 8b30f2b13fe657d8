import { Option, type Command } from 'commander';
import {
  ConnectorDocument,
  ConnectorsDocument,
  CreateConnectorDocument,
  DeleteConnectorDocument,
  TestConnectorDocument,
  UpdateConnectorDocument,
  type ConnectorKind,
} from '@calsync/client';
import { CliError } from '../cli-error.ts';
import type { Context } from '../context.ts';
import { withExamples } from '../examples.ts';
import { formatDateTime, json, renderTable } from '../output.ts';
import {
  addConnectorOptions,
  commonInput,
  credentialInput,
  graphCreateInput,
  type ConnectorOptions,
} from './connector-input.ts';
import { describeConnector } from './connector-view.ts';
import { exchangeCreateInput, exchangeUpdateInput } from './exchange-input.ts';
import { diagnosticsExitCode, renderDiagnostics } from './diagnostics.ts';

export function registerConnectors(program: Command, ctx: Context): void {
  const connectors = withExamples(
    program
      .command('connectors')
      .description('Manage connectors: Microsoft 365 (Graph) and Exchange Server on premises (EWS)'),
    ['calsync connectors list', 'calsync connectors test 3f1c…'],
  );

  withExamples(
    addConnectorOptions(
      connectors
        .command('create')
        .description('Create a connector; status starts PENDING and a check is queued')
        .requiredOption('--name <name>', 'display name')
        .addOption(
          new Option('--kind <kind>', 'where the calendars are')
            .choices(['MICROSOFT_GRAPH', 'EXCHANGE_ONPREM'])
            .default('MICROSOFT_GRAPH'),
        ),
    )
      .option('--mailbox <address...>', 'mailboxes to sync')
      .option('--json', 'print JSON')
      .action(
        async (
          options: ConnectorOptions & {
            name: string;
            kind: ConnectorKind;
            mailbox?: string[];
            json?: boolean;
          },
        ) => {
          const backend =
            options.kind === 'EXCHANGE_ONPREM'
              ? { kind: options.kind, exchangeOnPrem: await exchangeCreateInput(ctx.io, options) }
              : await graphCreateInput(ctx.io, options);
          const client = await ctx.client();
          const { createConnector } = await client.request(CreateConnectorDocument, {
            input: {
              ...commonInput(options),
              ...backend,
              name: options.name,
              ...(options.mailbox ? { mailboxes: options.mailbox } : {}),
            },
          });
          if (options.json) return ctx.io.stdout(json(createConnector));
          ctx.io.stdout(describeConnector(createConnector));
        },
      ),
    [
      'calsync connectors create --name Contoso --azure-tenant contoso.onmicrosoft.com \\\n      --client-id 1b2c… --client-secret-file ./secret.txt --mailbox room-berlin@contoso.com',
      'op read op://it/calsync/secret | calsync connectors create --name Contoso --azure-tenant contoso.onmicrosoft.com --client-id 1b2c… --client-secret-stdin',
      'calsync connectors create --name Contoso --azure-tenant 72f9… --client-id 1b2c… --certificate-file cert.pem --private-key-file key.pem',
      'calsync connectors create --name "Contoso Exchange" --kind EXCHANGE_ONPREM \\\n      --ews-url https://mail.contoso.com/EWS/Exchange.asmx --username \'CONTOSO\\monitor\' --password-file ./monitor.txt',
      'calsync connectors create --name "Contoso Exchange" --kind EXCHANGE_ONPREM --autodiscover-domain contoso.com \\\n      --username monitor@contoso.com --password-stdin --ca-bundle-file internal-ca.pem < monitor.txt',
    ],
  );

  withExamples(
    addConnectorOptions(
      connectors
        .command('update')
        .description('Change a connector; a new secret, certificate or password rotates the credential')
        .argument('<id>', 'connector id')
        .option('--name <name>', 'display name'),
    )
      .option('--clear-ca-bundle', 'Exchange on premises: trust public CAs only again')
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
          const input = {
            ...commonInput(options),
            ...(await credentialInput(ctx.io, options)),
            ...(await exchangeUpdateInput(ctx.io, options)),
            ...enabled,
          };
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
      'calsync connectors update 7a0e… --password-file ./new-monitor-password.txt   # Exchange on premises',
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
            { header: 'KIND', value: (c) => c.kind },
            // The Microsoft 365 directory, or the Exchange server (its domain until Autodiscover ran).
            {
              header: 'SOURCE',
              value: (c) =>
                c.azureTenantId ?? c.exchangeOnPrem?.ewsUrl ?? c.exchangeOnPrem?.autodiscoverDomain,
            },
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
      .description(
        'Run the diagnostics against Microsoft 365 or the Exchange server now; exit 0 healthy, 1 degraded, 2 failed',
      )
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
