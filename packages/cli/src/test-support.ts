import type { CliIo } from './io.ts';
import { runCli } from './main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one `calsync …` invocation in-process with the given environment and stdin. */
export async function calsync(
  env: Record<string, string | undefined>,
  argv: string[],
  stdin = '',
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: () => Promise.resolve(stdin),
    env,
    isTTY: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
