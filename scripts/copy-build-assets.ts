// `npm run build`, after tsc: copies the files that compiled code reads next to itself at run time
// (GraphQL SDL, the GraphiQL page) from each workspace's src/ into its dist/, at the same relative
// path, so `new URL('./x', import.meta.url)` finds them in both layouts. Test fixtures stay behind.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const workspaces = ['packages/core', 'packages/graph-emulator', 'apps/api', 'apps/worker'];
const isTestFixture = (path: string): boolean => /(^|\/)(test-)?samples(\/|$)/.test(path);

function* runtimeAssets(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* runtimeAssets(path);
    else if (!name.endsWith('.ts')) yield path;
  }
}

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
console.log(`build: ${copied} runtime assets copied into dist/`);
