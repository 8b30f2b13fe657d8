import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLinks, countLinks } from './check-links.ts';
import { collectPages } from './collect-pages.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function repo(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'calsync-docs-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('documentation link check', () => {
  it('reports missing files, unknown anchors and links out of the repository, with their line', () => {
    const dir = repo({
      'docs/README.md': [
        '# Docs',
        '',
        'See [setup](setup.md#step-2-grant-consent) and [ops](operations.md).',
        '',
        '[bad anchor](setup.md#no-such-heading) [self](#docs) [gone](#missing)',
        '',
        '[outside](../../etc/passwd) [web](https://learn.microsoft.com/graph) [ftp](ftp://files.example/x)',
      ].join('\n'),
      'docs/setup.md':
        '# Set-up\n\n## Step 2: grant consent\n\nBack to [the emulator](../packages/emu/README.md).\n',
      'packages/emu/README.md': '# Emulator\n',
    });
    const broken = checkLinks(dir).map((b) => `${b.page}:${b.line} ${b.href} ${b.reason}`);
    expect(broken).toEqual([
      'docs/README.md:3 operations.md no such file',
      'docs/README.md:5 setup.md#no-such-heading no heading #no-such-heading in docs/setup.md',
      'docs/README.md:5 #missing no heading #missing in docs/README.md',
      'docs/README.md:7 ../../etc/passwd points outside the repository',
      'docs/README.md:7 ftp://files.example/x unsupported scheme',
    ]);
    // The figure the build prints: every link of every page, by how far it is checked.
    expect(countLinks(collectPages(dir))).toEqual({ relative: 7, external: 2 });
  });

  it('publishes every markdown file a page links to, transitively', () => {
    const dir = repo({
      'docs/README.md': '# Docs\n\n[setup](setup.md)\n',
      'docs/setup.md': '# Set-up\n\n[emulator](../packages/emu/README.md)\n',
      'packages/emu/README.md': '# Emulator\n',
    });
    expect(collectPages(dir).map((p) => [p.path, p.title])).toEqual([
      ['docs/README.md', 'Overview'],
      ['docs/setup.md', 'Set-up'],
      ['packages/emu/README.md', 'Emulator'],
    ]);
  });
});
