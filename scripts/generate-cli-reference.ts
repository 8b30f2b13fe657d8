/**
 * Writes docs/cli-reference.md from the CLI's own --help output (every command and subcommand),
 * so the reference cannot drift from the tool; `npm run check:client` fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createContext } from '../packages/cli/src/context.ts';
import { buildProgram } from '../packages/cli/src/program.ts';

const target = fileURLToPath(new URL('../docs/cli-reference.md', import.meta.url));
let captured = '';
const program = buildProgram(
  createContext({
    stdout: (text) => {
      captured += text;
    },
    stderr: () => undefined,
    readStdin: () => Promise.resolve(''),
    env: {},
    isTTY: false,
  }),
);

function* commands(command: Command, path: string[]): Generator<[string, Command]> {
  yield [path.join(' '), command];
  for (const sub of command.commands) yield* commands(sub, [...path, sub.name()]);
}

// A fixed width, so the text does not depend on the terminal that generated it.
program.configureHelp({ helpWidth: 100 });
const sections = [...commands(program, ['calsync'])].map(([path, command]) => {
  command.configureHelp({ helpWidth: 100 });
  // outputHelp (not helpInformation) so the examples added with addHelpText are included.
  captured = '';
  command.outputHelp();
  const help = captured;
  return `## ${path}\n\n\`\`\`text\n${help.trimEnd()}\n\`\`\`\n`;
});
writeFileSync(
  target,
  `# CLI reference\n\nGenerated from \`calsync --help\` by \`npm run client:generate\`; see [cli.md](cli.md) for a guide.\n\n${sections.join('\n')}`,
);
console.log('docs/cli-reference.md written');
