// `npm run build`: bundles the API, the worker and the core's command-line tools (esbuild, under a
// second), then copies their run-time assets into dist/. With a directory argument,
// `tsx scripts/build-services.ts --layout <dir>` also assembles the production layout there.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { copyBuildAssets } from './lib/build-assets.ts';
import { assembleRuntimeLayout } from './lib/runtime-layout.ts';
import { bundleServices, SERVICE_WORKSPACES } from './lib/service-bundles.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
for (const workspace of SERVICE_WORKSPACES)
  rmSync(`${root}/${workspace}/dist`, { recursive: true, force: true });
await bundleServices(root);
const copied = copyBuildAssets(root, SERVICE_WORKSPACES);
console.log(
  `build: ${SERVICE_WORKSPACES.length} workspaces bundled, ${copied} assets copied in ${Math.round(performance.now() - started)} ms`,
);

const layoutFlag = process.argv.indexOf('--layout');
if (layoutFlag !== -1) {
  const destination = process.argv[layoutFlag + 1];
  if (!destination) throw new Error('--layout needs a directory');
  assembleRuntimeLayout(root, destination);
  console.log(`build: runtime layout assembled in ${destination}`);
}
