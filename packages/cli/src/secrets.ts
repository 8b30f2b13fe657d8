import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error.ts';
import type { CliIo } from './io.ts';

/**
 * Reads a secret from a file or standard input: never from argv, where it would land in shell
 * history and in every other user's `ps`. One trailing newline is dropped.
 */
export async function readSecret(
  io: CliIo,
  source: { file?: string | undefined; stdin?: boolean | undefined },
  what: string,
): Promise<string> {
  if (source.file && source.stdin)
    throw new CliError(`Give the ${what} either as a file or on stdin, not both`);
  let text: string;
  if (source.file) {
    try {
      text = await readFile(source.file, 'utf8');
    } catch {
      throw new CliError(`Cannot read the ${what} from ${source.file}`);
    }
  } else if (source.stdin) {
    text = await io.readStdin();
  } else {
    throw new CliError(
      `The ${what} is read from a file or stdin (see --help); it is never accepted as an argument`,
    );
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret.trim() === '') throw new CliError(`The ${what} is empty`);
  return secret;
}
