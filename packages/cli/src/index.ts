export { runCli } from './main.ts';
export type { CliIo } from './io.ts';
export { buildProgram } from './program.ts';
export { createContext } from './context.ts';
