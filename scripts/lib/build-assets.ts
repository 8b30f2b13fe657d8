// After bundling: copies the files our modules read beside themselves at run time (GraphQL SDL,
// the GraphiQL page, the room board) from each workspace's src/ into its dist/, at the same
// relative path, where the bundles' rewritten import.meta.url finds them (see service-bundles.ts).
// Test fixtures stay behind.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const isTestFixture = (path: string): boolean => /(^|\/)(test-)?samples(\/|$)/.test(path);

function* runtimeAssets(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* runtimeAssets(path);
    else if (!name.endsWith('.ts')) yield path;
  }
}

/** Returns how many files were copied. */
export function copyBuildAssets(root: string, workspaces: readonly string[]): number {
  let copied = 0;
  for (const workspace of workspaces) {
    const src = join(root, workspace, 'src');
    for (const file of runtimeAssets(src)) {
      const rel = relative(src, file);
      if (isTestFixture(rel)) continue;
      cpSync(file, join(root, workspace, 'dist', rel));
      copied += 1;
    }
  }
  return copied;
}
