import { Command } from 'commander';
import type { Context } from './context.ts';
import { registerCompletion } from './commands/completion.ts';
import { registerConnectors } from './commands/connectors.ts';
import { registerDoctor } from './commands/doctor.ts';
import { registerEvents } from './commands/events.ts';
import { registerKeys } from './commands/keys.ts';
import { registerLogin } from './commands/login.ts';
import { registerMailboxes } from './commands/mailboxes.ts';
import { registerSync } from './commands/sync.ts';
import { registerTenants } from './commands/tenants.ts';
import { withExamples } from './examples.ts';

export function buildProgram(ctx: Context): Command {
  const program = new Command('calsync')
    .description(
      'Manage calsync over its GraphQL API: tenants, keys, connectors (Microsoft 365, Exchange on premises), mailboxes, syncs, events.\n' +
        'Connection: CALSYNC_URL + CALSYNC_API_KEY, or the stored login. Secrets are read from files or stdin only.\n' +
        'Exit codes: 0 ok, 1 degraded (warnings), 2 failed or error.',
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.stdout(s), writeErr: (s) => ctx.io.stderr(s) });
  withExamples(program, [
    'calsync login --url https://calsync.example.com < admin.key',
    'calsync connectors list',
    'calsync sync room-berlin@contoso.com --wait',
    'calsync events room-berlin@contoso.com --from 2027-03-01 --to 2027-03-02',
  ]);
  registerLogin(program, ctx);
  registerTenants(program, ctx);
  registerKeys(program, ctx);
  registerConnectors(program, ctx);
  registerMailboxes(program, ctx);
  registerSync(program, ctx);
  registerEvents(program, ctx);
  registerDoctor(program, ctx);
  registerCompletion(program, ctx);
  // Subcommands inherit the output routing and exit override, so tests see every line.
  const inherit = (command: Command) => {
    for (const sub of command.commands) {
      sub.copyInheritedSettings(command);
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}
