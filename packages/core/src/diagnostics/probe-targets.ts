/** Probing every mailbox of a large tenant would cost minutes: above this, a random sample is probed. */
export const MAILBOX_PROBE_LIMIT = 25;
export const MAILBOX_PROBE_CONCURRENCY = 5;

/** All addresses up to the limit, else a random sample of `limit` of them. */
export function pickProbeTargets(addresses: readonly string[], limit = MAILBOX_PROBE_LIMIT): string[] {
  if (addresses.length <= limit) return [...addresses];
  const pool = [...addresses];
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, limit).sort();
}

/** Runs `fn` over items with at most `concurrency` in flight, keeping result order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}
