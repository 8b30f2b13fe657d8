/** A failed directory/control operation; the control API maps the code to an HTTP status. */
export type DirectoryErrorCode = 'NotFound' | 'Conflict' | 'Invalid';

export class DirectoryError extends Error {
  constructor(
    readonly code: DirectoryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}
