// How far V8 lets the worker's old generation grow past what survived the last full collection.
// On a machine with gigabytes of memory V8 allows up to 4× (a dynamic factor that trades memory for
// fewer full collections), and it hands pages back only when the process looks idle. A worker is never
// idle for long (BullMQ polls, jobs arrive all the time), so after the initial sync its heap stayed
// at 3–4× the live objects: at 2,000 mailboxes 99–121 MB of old space for 23–50 MB live, most of
// the RSS over the idle process (docs/scaling.md, Workers). At 10,000 mailboxes the peak went from
// 303–318 MB to 226–232 MB with 2×; 1.5× held 215–220 MB but runs a full collection twice as often.
// Neither moved the worker CPU per job beyond the machine's noise (bench/README.md, fifth pass).
import { setFlagsFromString } from 'node:v8';

/** Old generation's next full-collection limit: live size × (1 + this / 100). */
export const HEAP_GROWING_PERCENT = 100;

const FLAG = /^--heap[-_]growing[-_]percent(=|$)/;

/**
 * Sets V8's heap growing factor for this process, unless its command line already chose one (an
 * operator's `node --heap-growing-percent=… apps/worker/dist/main.js` wins). Set at run time, not in
 * the start command: every way the worker starts (image, Helm, compose, npm, tests) gets it, and
 * NODE_OPTIONS does not accept this flag. V8 reads it at each full collection, so it holds from the
 * next one. Returns whether it set it.
 */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  setFlags: (flags: string) => void = setFlagsFromString,
): boolean {
  if (execArgv.some((arg) => FLAG.test(arg))) return false;
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
