// The import boundaries of docs/architecture.md (Components) are eslint rules; this checks the rules
// themselves bite: production code in core and the apps cannot load an emulator, its test support or
// tests; test support cannot live in core/src; suites reach packages only through their entry points.
// The rules are read from eslint.config.js as eslint resolves them for each path, then run alone
// (no type information needed) on a one-line file.
import { fileURLToPath } from 'node:url';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });
const BOUNDARY_RULES = ['no-restricted-imports', 'no-restricted-syntax'];

/** The boundary errors eslint.config.js gives `code` at `path` (relative to the repo root). */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const resolved = (await eslint.calculateConfigForFile(`${root}${path}`)) as Linter.Config;
  const rules = Object.fromEntries(
    Object.entries(resolved.rules ?? {}).filter(([name]) => BOUNDARY_RULES.includes(name)),
  );
  const linter = new Linter({ configType: 'flat' });
  return linter
    .verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules }], path)
    .map((m) => m.message);
}

const importOf = (specifier: string): string => `import { x } from '${specifier}';\nexport { x };\n`;

describe('import boundaries (eslint.config.js)', () => {
  it('keeps both emulators, their test support and tests out of core production code', async () => {
    for (const specifier of [
      '@calsync/graph-emulator',
      '@calsync/graph-emulator/testing',
      '@calsync/ews-emulator/testing',
      'vitest',
      '../../../tests/support/seed-tenant.ts',
      './fake.test-support.ts',
    ]) {
      const errors = await boundaryErrors('packages/core/src/sync/probe.ts', importOf(specifier));
      expect(errors, specifier).toHaveLength(1);
    }
    expect(await boundaryErrors('packages/core/src/sync/probe.ts', importOf('./plan-round.ts'))).toEqual([]);
  });

  it('lets core tests use the emulator test support', async () => {
    const errors = await boundaryErrors(
      'packages/core/src/sync/probe.test.ts',
      importOf('@calsync/graph-emulator/testing'),
    );
    expect(errors).toEqual([]);
  });

  it('refuses a test-support file inside core/src, whatever it imports', async () => {
    const errors = await boundaryErrors(
      'packages/core/src/sync/probe.test-support.ts',
      'export const x = 1;\n',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('no test support in packages/core/src');
  });

  it('keeps the emulators out of the apps', async () => {
    for (const path of ['apps/api/src/probe.ts', 'apps/worker/src/probe.ts']) {
      const errors = await boundaryErrors(path, importOf('@calsync/graph-emulator/testing'));
      expect(errors, path).toHaveLength(1);
    }
  });

  it('makes suites import packages through their @calsync entry points', async () => {
    const inside = await boundaryErrors(
      'tests/e2e/probe.test.ts',
      importOf('../../packages/core/src/index.ts'),
    );
    expect(inside).toHaveLength(1);
    expect(await boundaryErrors('tests/e2e/probe.test.ts', importOf('@calsync/core'))).toEqual([]);
  });
});
