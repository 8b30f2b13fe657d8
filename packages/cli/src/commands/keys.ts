import { Option, type Command } from 'commander';
import {
  ApiKeysDocument,
  CreateApiKeyDocument,
  RevokeApiKeyDocument,
  type ApiKeyRole,
} from '@calsync/client';
import type { Context } from '../context.ts';
import { withExamples } from '../examples.ts';
import { formatDateTime, json, renderTable } from '../output.ts';

export function registerKeys(program: Command, ctx: Context): void {
  const keys = withExamples(program.command('keys').description("Manage your tenant's API keys"), [
    'calsync keys list',
    'calsync keys create --name "room displays" --role READER',
    'calsync keys revoke 5f0c…',
  ]);

  withExamples(
    keys
      .command('create')
      .description('Create an API key; prints its secret once')
      .requiredOption('--name <name>', 'what the key is for')
      .addOption(
        new Option('--role <role>', 'ADMIN may change things, READER only reads')
          .choices(['ADMIN', 'READER'])
          .makeOptionMandatory(),
      )
      .option('--tenant <id>', 'the tenant (platform admin key only)')
      .option('--json', 'print JSON')
      .action(async (options: { name: string; role: ApiKeyRole; tenant?: string; json?: boolean }) => {
        const client = await ctx.client();
        const { createApiKey } = await client.request(CreateApiKeyDocument, {
          input: {
            name: options.name,
            role: options.role,
            ...(options.tenant ? { tenantId: options.tenant } : {}),
          },
        });
        if (options.json) return ctx.io.stdout(json(createApiKey));
        ctx.io.stdout(
          `Created ${createApiKey.apiKey.role} key ${createApiKey.apiKey.name} (${createApiKey.apiKey.id})\n` +
            `Secret (shown once, store it now):\n${createApiKey.secret}\n`,
        );
      }),
    [
      'calsync keys create --name "room displays" --role READER',
      'calsync keys create --name automation --role ADMIN --json | jq -r .secret > automation.key',
    ],
  );

  withExamples(
    keys
      .command('list')
      .description('List the keys of your tenant, revoked ones included')
      .option('--json', 'print JSON')
      .action(async (options: { json?: boolean }) => {
        const client = await ctx.client();
        const rows = [];
        for await (const k of client.paginate(ApiKeysDocument, { first: 200 }, (d) => d.apiKeys))
          rows.push(k);
        if (options.json) return ctx.io.stdout(json(rows));
        ctx.io.stdout(
          renderTable(rows, [
            { header: 'ID', value: (k) => k.id },
            { header: 'NAME', value: (k) => k.name },
            { header: 'ROLE', value: (k) => k.role },
            { header: 'PREFIX', value: (k) => k.prefix },
            { header: 'LAST USED', value: (k) => formatDateTime(k.lastUsedAt) },
            { header: 'REVOKED', value: (k) => formatDateTime(k.revokedAt) },
          ]),
        );
      }),
    ['calsync keys list', 'calsync keys list --json'],
  );

  withExamples(
    keys
      .command('revoke')
      .description('Revoke a key; requests with it fail from now on')
      .argument('<id>', 'the key id (see keys list)')
      .action(async (id: string) => {
        const client = await ctx.client();
        const { revokeApiKey } = await client.request(RevokeApiKeyDocument, { id });
        ctx.io.stdout(
          `Revoked ${revokeApiKey.name} (${revokeApiKey.id}) at ${revokeApiKey.revokedAt ?? ''}\n`,
        );
      }),
    ['calsync keys revoke 5f0c2a9e-…'],
  );
}
