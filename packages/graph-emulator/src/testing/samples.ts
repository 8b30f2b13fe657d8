import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Microsoft's documented payloads, kept byte for byte (see samples/README.md for the source of each).
const samplesDir = join(import.meta.dirname, '..', '..', 'samples');

/** The raw text of one sample, for tests that feed a body to a real HTTP client. */
export function readSampleText(name: string): string {
  return readFileSync(join(samplesDir, name), 'utf8');
}

/** One sample, parsed. */
export function readSample(name: string): unknown {
  return JSON.parse(readSampleText(name));
}
