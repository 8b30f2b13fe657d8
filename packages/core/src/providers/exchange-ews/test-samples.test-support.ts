import { readFileSync } from 'node:fs';

/** A Microsoft EWS sample from ./test-samples (see its README). */
export function readEwsSample(name: string): string {
  return readFileSync(new URL(`./test-samples/${name}`, import.meta.url), 'utf8');
}
