import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { calsync } from '../test-support.ts';

/** Completes the typed words with the generated script in a real bash, as the shell would. */
function complete(script: string, words: string[]): string[] {
  const array = words.map((w) => `'${w}'`).join(' ');
  const output = execFileSync(
    'bash',
    [
      '-c',
      `${script}\nCOMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _calsync; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: 'utf8' },
  );
  return output.split('\n').filter(Boolean);
}

describe('calsync completion', () => {
  it('offers commands, subcommands and the options of the command typed so far', async () => {
    const { code, stdout } = await calsync({}, ['completion', 'bash']);
    expect(code).toBe(0);
    expect(complete(stdout, ['calsync', ''])).toEqual(
      expect.arrayContaining([
        'login',
        'tenants',
        'keys',
        'connectors',
        'mailboxes',
        'sync',
        'events',
        'doctor',
      ]),
    );
    expect(complete(stdout, ['calsync', 'connectors', 'te'])).toEqual(['test']);
    expect(complete(stdout, ['calsync', 'connectors', 'create', '--client-sec'])).toEqual([
      '--client-secret-file',
      '--client-secret-stdin',
    ]);
    expect(complete(stdout, ['calsync', 'sync', 'room@x', '--f'])).toEqual(['--full']);
  });

  it('refuses an unknown shell with exit 2', async () => {
    const { code, stderr } = await calsync({}, ['completion', 'tcsh']);
    expect(code).toBe(2);
    expect(stderr).toContain('Allowed choices are bash, zsh');
  });
});
