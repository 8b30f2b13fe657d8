import { CommanderError } from 'commander';
import { CalsyncError } from '@calsync/client';
import { CliError, EXIT_FAILED, EXIT_OK } from './cli-error.ts';
import { createContext } from './context.ts';
import { processIo, type CliIo } from './io.ts';
import { buildProgram } from './program.ts';

const HINTS: Partial<Record<CalsyncError['code'], string>> = {
  UNAUTHENTICATED: "the API key was refused: run 'calsync login' again or check CALSYNC_API_KEY",
  FORBIDDEN: 'this key may not do that (a READER key, or the platform admin key on tenant data)',
  NETWORK: "run 'calsync doctor' to check the URL and the API",
  RATE_LIMITED: 'wait a minute and try again',
};

/** Runs one invocation; returns the exit code instead of exiting, so tests run it in-process. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx = createContext(io);
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0; usage errors are already printed.
      return error.exitCode === 0 ? EXIT_OK : EXIT_FAILED;
    }
    if (error instanceof CalsyncError) {
      const hint = HINTS[error.code];
      io.stderr(`error: ${error.message} (${error.code})${hint ? `\nhint: ${hint}` : ''}\n`);
      return EXIT_FAILED;
    }
    if (error instanceof CliError) {
      io.stderr(`error: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  } finally {
    await ctx.close();
  }
}

export function main(argv: readonly string[]): Promise<number> {
  return runCli(argv.slice(2), processIo());
}
