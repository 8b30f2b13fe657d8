/**
 * Back-off before the next attempt after `failures` consecutive failures: exponential from
 * `baseMs`, capped at `maxMs`, with "equal jitter" (a random half on top of the fixed half) so
 * endpoints that failed together do not retry together.
 */
export function retryDelayMs(failures: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
