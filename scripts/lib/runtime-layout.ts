// The files production runs, assembled from a built checkout (`npm run build` done): the service
// bundles with their assets, the migrations, and a node_modules holding only what the bundles load
// at run time (RUNTIME_PACKAGES with their dependency closure, GraphiQL's ASSET_FILES). The
// Dockerfile copies this layout into the image; the compiled e2e test and bench/prod-layout.sh run it.
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ASSET_FILES, RUNTIME_PACKAGES, SERVICE_WORKSPACES } from './service-bundles.ts';

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Node's lookup: `<dir>/node_modules/<name>`, then each parent directory up to the root. */
function resolvePackageDir(root: string, fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || !dir.startsWith(root)) return undefined;
  }
}

/**
 * Package directories RUNTIME_PACKAGES need: dependencies, installed optional dependencies and
 * required peers, transitively. Optional peers stay out (valibot's optional typescript peer alone
 * would add 23 MB); a missing required dependency fails the build rather than the pod.
 */
export function runtimePackageDirs(root: string): Set<string> {
  const found = new Set<string>();
  const visit = (packageDir: string): void => {
    if (found.has(packageDir)) return;
    found.add(packageDir);
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Manifest;
    const optionalPeers = manifest.peerDependenciesMeta ?? {};
    const required = [
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}).filter((name) => !optionalPeers[name]?.optional),
    ];
    for (const name of required) {
      const dir = resolvePackageDir(root, packageDir, name);
      if (!dir) throw new Error(`${relative(root, packageDir)} needs ${name}, which is not installed`);
      visit(dir);
    }
    for (const name of Object.keys(manifest.optionalDependencies ?? {})) {
      const dir = resolvePackageDir(root, packageDir, name);
      if (dir) visit(dir);
    }
  };
  for (const name of RUNTIME_PACKAGES) {
    const dir = resolvePackageDir(root, root, name);
    if (!dir) throw new Error(`runtime package ${name} is not installed`);
    visit(dir);
  }
  return found;
}

/** Copies the runtime layout of the built checkout at `root` into `destination`. */
export function assembleRuntimeLayout(root: string, destination: string): void {
  const copy = (path: string): void => {
    mkdirSync(dirname(join(destination, path)), { recursive: true });
    cpSync(join(root, path), join(destination, path), { recursive: true });
  };
  copy('package.json');
  copy('migrations');
  for (const workspace of SERVICE_WORKSPACES) {
    copy(`${workspace}/package.json`);
    copy(`${workspace}/dist`);
  }
  for (const packageDir of runtimePackageDirs(root)) {
    const path = relative(root, packageDir);
    cpSync(packageDir, join(destination, path), {
      recursive: true,
      // Nested node_modules hold other packages: copied only when the closure reaches them.
      filter: (source) => !relative(packageDir, source).split('/').includes('node_modules'),
    });
  }
  for (const [name, files] of Object.entries(ASSET_FILES)) {
    for (const file of files) copy(join('node_modules', name, file));
  }
}
