import type { Command } from 'commander';
import { createCalsyncClient, ViewerDocument } from '@calsync/client';
import { writeStoredConfig } from '../config.ts';
import type { Context } from '../context.ts';
import { withExamples } from '../examples.ts';
import { readSecret } from '../secrets.ts';

export function registerLogin(program: Command, ctx: Context): void {
  withExamples(
    program
      .command('login')
      .description('Check an API URL and key, then store them in your config directory (mode 0600)')
      .requiredOption('--url <url>', 'the API base URL, e.g. https://calsync.example.com')
      .option('--key-file <path>', 'read the API key from this file (default: stdin)')
      .action(async (options: { url: string; keyFile?: string }) => {
        const apiKey = await readSecret(
          ctx.io,
          { file: options.keyFile, stdin: !options.keyFile },
          'API key',
        );
        const { viewer } = await createCalsyncClient({ url: options.url, apiKey }).request(ViewerDocument);
        const file = await writeStoredConfig(ctx.io.env, { url: options.url, apiKey });
        const who = viewer.tenant ? `${viewer.role} of tenant ${viewer.tenant.slug}` : viewer.role;
        ctx.io.stdout(`Logged in to ${options.url} as ${who}; saved to ${file}\n`);
      }),
    [
      'calsync login --url https://calsync.example.com < ~/.calsync-key',
      'pass show calsync | calsync login --url https://calsync.example.com',
      'calsync login --url http://127.0.0.1:4000 --key-file ./admin.key',
      'CALSYNC_URL=https://calsync.example.com CALSYNC_API_KEY=$KEY calsync tenants list   # no login needed',
    ],
  );
}
