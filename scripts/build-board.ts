/**
 * Bundles the room board (packages/board) into apps/api/src/board/board.js, which the API serves
 * at /board/board.js and `npm run build` copies into dist/. The bundle is committed so the API
 * needs no bundler at run time; `npm run check:client` fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = await build({
  entryPoints: [`${root}packages/board/src/main.ts`],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  legalComments: 'none',
  write: false,
});
const [output] = result.outputFiles;
if (!output) throw new Error('esbuild produced no output');
writeFileSync(`${root}apps/api/src/board/board.js`, output.contents);
console.log(`board: apps/api/src/board/board.js written (${output.contents.byteLength} bytes)`);
