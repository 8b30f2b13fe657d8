// The production build: each service entry point bundled by esbuild into one ES module under its
// workspace's dist/, with every dependency inlined except the few that must stay files on disk
// (RUNTIME_PACKAGES, ASSET_FILES). The runtime layout (scripts/lib/runtime-layout.ts) ships those.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';

export interface ServiceEntry {
  /** Source entry, relative to the repository root. */
  source: string;
  /** Bundle written by the build, relative to the repository root. */
  output: string;
}

/** The workspaces production ships: their dist/ holds the bundles and the assets they read. */
export const SERVICE_WORKSPACES: readonly string[] = ['packages/core', 'apps/api', 'apps/worker'];

export const SERVICE_ENTRIES: readonly ServiceEntry[] = [
  { source: 'apps/api/src/main.ts', output: 'apps/api/dist/main.js' },
  { source: 'apps/worker/src/main.ts', output: 'apps/worker/dist/main.js' },
  { source: 'packages/core/src/bin/migrate.ts', output: 'packages/core/dist/bin/migrate.js' },
  { source: 'packages/core/src/bin/rotate-keys.ts', output: 'packages/core/dist/bin/rotate-keys.js' },
];

/**
 * Loaded from node_modules at run time, with their dependencies. graphql: mercurius (CommonJS)
 * builds the schema with `require('graphql')`, and the subscription guard validates against that
 * same copy through createRequire; inlined, they would be two copies.
 */
export const RUNTIME_PACKAGES: readonly string[] = ['graphql'];

/**
 * Packages only read as files, shipped without their dependencies (paths may be directories):
 * GraphiQL's page assets, and the queue dashboard's UI, which bull-board serves from its package.
 */
export const ASSET_FILES: Readonly<Record<string, readonly string[]>> = {
  graphiql: ['package.json', 'graphiql.min.js', 'graphiql.min.css'],
  react: ['package.json', 'umd/react.production.min.js'],
  'react-dom': ['package.json', 'umd/react-dom.production.min.js'],
  '@bull-board/ui': ['package.json', 'dist'],
};

const EXTERNAL = [...RUNTIME_PACKAGES, ...Object.keys(ASSET_FILES)].flatMap((name) => [name, `${name}/*`]);

/** Where tsc would have written a workspace source file: `<workspace>/src/x.ts` → `<workspace>/dist/x.js`. */
function distPathOf(sourcePath: string): string {
  return sourcePath.replace(/\/src\//, '/dist/').replace(/\.ts$/, '.js');
}

/**
 * Our modules find their files with `new URL('./x', import.meta.url)`. Inside a bundle,
 * import.meta.url is the bundle's; each module's own is rewritten to the address its file would
 * have under dist/, where `npm run build` copies the assets (scripts/lib/build-assets.ts).
 */
function moduleUrlPlugin(root: string, output: string): Plugin {
  return {
    name: 'calsync-module-url',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const fromRoot = relative(root, args.path);
        if (
          fromRoot.startsWith('..') ||
          fromRoot.includes('node_modules') ||
          !source.includes('import.meta.url')
        )
          return { contents: source, loader: 'ts' };
        const target = relative(dirname(join(root, output)), join(root, distPathOf(fromRoot)));
        const moduleUrl = `new URL(${JSON.stringify(target.startsWith('.') ? target : `./${target}`)}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', moduleUrl), loader: 'ts' };
      });
    },
  };
}

// CommonJS dependencies inlined into an ES module still call require() for Node built-ins.
const REQUIRE_SHIM =
  "import { createRequire as __calsyncRequire } from 'node:module';\nconst require = __calsyncRequire(import.meta.url);";

export async function bundleServices(root: string): Promise<void> {
  await Promise.all(
    SERVICE_ENTRIES.map((entry) =>
      build({
        absWorkingDir: root,
        entryPoints: [entry.source],
        // The entry keeps its name; a dynamic import() becomes a chunk file beside it, read only
        // when reached (the OpenTelemetry SDK: observability/tracing/start-tracing.ts).
        outdir: dirname(entry.output),
        entryNames: basename(entry.output, '.js'),
        chunkNames: 'chunk-[name]-[hash]',
        splitting: true,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node24',
        external: EXTERNAL,
        banner: { js: REQUIRE_SHIM },
        plugins: [moduleUrlPlugin(root, entry.output)],
        logLevel: 'warning',
      }),
    ),
  );
}
