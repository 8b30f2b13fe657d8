export { runCli } from './main.ts';
export type { CliIo } from './io.ts';
