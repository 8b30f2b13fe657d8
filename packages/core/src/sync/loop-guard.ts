/** Limits of one sync round (docs/microsoft-graph.md §3.5: repeated nextLinks and all-replay pages have been seen looping). */
export interface LoopGuardLimits {
  /** Consecutive pages made only of ids already applied in this round. Default 5. */
  maxReplayPages?: number | undefined;
  /** Times one nextLink may come back within a round. Default 3. */
  maxLinkRepeats?: number | undefined;
  /** Pages per round, whatever they hold. Default 20,000. */
  maxPages?: number | undefined;
}

export class SyncLoopError extends Error {
  override readonly name = 'SyncLoopError';
  readonly code = 'SyncLoopDetected';
}

/**
 * Watches the pages of one round and throws instead of letting a misbehaving
 * nextLink chain loop forever. Duplicate items are harmless (upserts are
 * idempotent); only a chain that makes no progress is stopped.
 */
export function createLoopGuard(limits: LoopGuardLimits = {}) {
  const maxReplayPages = limits.maxReplayPages ?? 5;
  const maxPages = limits.maxPages ?? 20_000;
  const maxLinkRepeats = limits.maxLinkRepeats ?? 3;
  const links = new Map<string, number>();
  const ids = new Set<string>();
  let pages = 0;
  let replayPages = 0;

  return {
    /** Call with each page's item ids and the link it points to next (nextLink or deltaLink). */
    observe(itemIds: readonly string[], nextLink: string | undefined): void {
      pages += 1;
      if (pages > maxPages) throw new SyncLoopError(`round exceeded ${maxPages} pages`);
      const fresh = itemIds.filter((id) => !ids.has(id));
      for (const id of itemIds) ids.add(id);
      replayPages = itemIds.length > 0 && fresh.length === 0 ? replayPages + 1 : 0;
      if (replayPages > maxReplayPages)
        throw new SyncLoopError(`${replayPages} consecutive pages replayed only known items`);
      if (nextLink !== undefined) {
        // Graph has been seen looping on the same nextLink (docs/microsoft-graph.md §3.5). A repeat or two can be a
        // retried page; a chain that keeps pointing back at the same link makes no progress.
        const seen = (links.get(nextLink) ?? 0) + 1;
        links.set(nextLink, seen);
        if (seen > maxLinkRepeats + 1)
          throw new SyncLoopError(`Graph repeated a nextLink ${seen - 1} times in this round`);
      }
    },
  };
}

export type LoopGuard = ReturnType<typeof createLoopGuard>;
