/** Exit codes: 0 ok, 1 degraded (warnings), 2 failed or error. */
export const EXIT_OK = 0;
export const EXIT_DEGRADED = 1;
export const EXIT_FAILED = 2;

/** A failure the user can act on; printed as one line without a stack. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILED,
  ) {
    super(message);
  }
}
