import type { Command } from 'commander';
import { CreateTenantDocument, TenantsDocument } from '@calsync/client';
import type { Context } from '../context.ts';
import { withExamples } from '../examples.ts';
import { formatDateTime, json, renderTable } from '../output.ts';

export function registerTenants(program: Command, ctx: Context): void {
  const tenants = withExamples(
    program.command('tenants').description('Manage tenants (platform admin key)'),
    ['calsync tenants list', 'calsync tenants create --name "Contoso" --slug contoso'],
  );

  withExamples(
    tenants
      .command('create')
      .description("Create a tenant; prints its first ADMIN key's secret once")
      .requiredOption('--name <name>', 'display name')
      .requiredOption('--slug <slug>', 'lower-case identifier, e.g. contoso')
      .option('--json', 'print JSON')
      .action(async (options: { name: string; slug: string; json?: boolean }) => {
        const client = await ctx.client();
        const { createTenant } = await client.request(CreateTenantDocument, {
          input: { name: options.name, slug: options.slug },
        });
        if (options.json) return ctx.io.stdout(json(createTenant));
        ctx.io.stdout(
          `Created tenant ${createTenant.tenant.slug} (${createTenant.tenant.id})\n` +
            `ADMIN key (shown once, store it now):\n${createTenant.apiKeySecret}\n`,
        );
      }),
    [
      'calsync tenants create --name "Contoso" --slug contoso',
      'calsync tenants create --name Fabrikam --slug fabrikam --json',
    ],
  );

  withExamples(
    tenants
      .command('list')
      .description('List every tenant')
      .option('--json', 'print JSON')
      .action(async (options: { json?: boolean }) => {
        const client = await ctx.client();
        const rows = [];
        for await (const t of client.paginate(TenantsDocument, { first: 200 }, (d) => d.tenants))
          rows.push(t);
        if (options.json) return ctx.io.stdout(json(rows));
        ctx.io.stdout(
          renderTable(rows, [
            { header: 'ID', value: (t) => t.id },
            { header: 'SLUG', value: (t) => t.slug },
            { header: 'NAME', value: (t) => t.name },
            { header: 'CREATED', value: (t) => formatDateTime(t.createdAt) },
          ]),
        );
      }),
    ['calsync tenants list', 'calsync tenants list --json | jq -r ".[].slug"'],
  );
}
