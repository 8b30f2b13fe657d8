import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Microsoft's documented EWS payloads, one directory for the emulator's contract tests and core's
// parser tests (see samples/README.md for the source of each).
const samplesDir = join(import.meta.dirname, '..', '..', 'samples');

/** The raw XML of one sample. */
export function readEwsSample(name: string): string {
  return readFileSync(join(samplesDir, name), 'utf8');
}
