import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './program.ts';
import { createContext } from './context.ts';
import { calsync } from './test-support.ts';

function* commandPaths(command: Command, path: string[] = []): Generator<string[]> {
  yield path;
  for (const sub of command.commands) yield* commandPaths(sub, [...path, sub.name()]);
}

describe('calsync --help', () => {
  const noIo = {
    stdout: () => undefined,
    stderr: () => undefined,
    readStdin: () => Promise.resolve(''),
    env: {},
    isTTY: false,
  };
  const paths = [...commandPaths(buildProgram(createContext(noIo)))];

  it('covers every command the issue names', () => {
    const names = paths.map((p) => p.join(' '));
    for (const command of [
      'login',
      'tenants create',
      'tenants list',
      'keys create',
      'keys list',
      'keys revoke',
      'connectors create',
      'connectors update',
      'connectors delete',
      'connectors list',
      'connectors show',
      'connectors test',
      'mailboxes add',
      'mailboxes remove',
      'mailboxes list',
      'mailboxes discover-rooms',
      'sync',
      'events',
      'doctor',
      'completion',
    ])
      expect(names).toContain(command);
  });

  it('ends with runnable examples on every command, and exits 0', async () => {
    for (const path of paths) {
      const { code, stdout } = await calsync({}, [...path, '--help']);
      expect(code, path.join(' ')).toBe(0);
      expect(stdout, path.join(' ')).toMatch(/\nExamples:\n {2}\$ calsync /);
    }
  });
});
