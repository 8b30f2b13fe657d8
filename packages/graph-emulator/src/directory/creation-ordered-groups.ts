/**
 * Values grouped under string keys, each group kept in creation order (the order `rank` gives). The
 * directory's indexes are built on it so that "the first mailbox with this address" and "a tenant's
 * mailboxes" answer as a scan of the whole directory in creation order would, without the scan.
 */
export class CreationOrderedGroups<T> {
  readonly #groups = new Map<string, T[]>();
  readonly #rank: (value: T) => number;

  constructor(rank: (value: T) => number) {
    this.#rank = rank;
  }

  /** Adds `value` to the group at `key`: appended when it is the newest (seeding), else inserted in place. */
  add(key: string, value: T): void {
    const group = this.#groups.get(key);
    if (!group) {
      this.#groups.set(key, [value]);
      return;
    }
    const rank = this.#rank(value);
    let low = 0;
    let high = group.length;
    if (this.#rank(group[high - 1]!) < rank) low = high;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#rank(group[middle]!) < rank) low = middle + 1;
      else high = middle;
    }
    group.splice(low, 0, value);
  }

  /** Removes `value` from the group at `key`; an emptied group is forgotten. */
  remove(key: string, value: T): void {
    const group = this.#groups.get(key);
    if (!group) return;
    const at = group.indexOf(value);
    if (at !== -1) group.splice(at, 1);
    if (group.length === 0) this.#groups.delete(key);
  }

  /** Forgets a whole group at once (a deleted tenant's mailboxes: no per-value removal). */
  drop(key: string): void {
    this.#groups.delete(key);
  }

  /** The group at `key` in creation order (empty when none); read-only, it is the index's own array. */
  get(key: string): readonly T[] {
    return this.#groups.get(key) ?? [];
  }
}
