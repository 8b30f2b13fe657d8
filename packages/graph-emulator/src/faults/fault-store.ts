import type { Fault, FaultSpec, FaultType } from './types.ts';

/** What a request looks like to fault matching. */
export interface FaultTarget {
  route: string;
  path: string;
  mailboxKeys: string[];
}

export interface FaultStore {
  add(spec: FaultSpec): Fault;
  remove(id: string): boolean;
  list(): Fault[];
  clear(): void;
  /** Finds the first armed fault of one of `types` that matches, and consumes one firing. */
  take<T extends FaultType>(
    types: readonly T[],
    target: FaultTarget,
  ): Extract<Fault, { type: T }> | undefined;
}

/** `random` is injectable so seeded runs are reproducible. */
export function createFaultStore(random: () => number): FaultStore {
  let faults: Fault[] = [];
  let nextId = 1;

  const matches = (f: Fault, t: FaultTarget): boolean => {
    if (f.route !== undefined && !routeMatches(f.route, t)) return false;
    if (f.mailbox !== undefined && !t.mailboxKeys.includes(f.mailbox.toLowerCase())) return false;
    return true;
  };

  return {
    add(spec) {
      const fault = { ...spec, id: `fault-${nextId++}`, fired: 0 };
      faults.push(fault);
      return fault;
    },
    remove(id) {
      const before = faults.length;
      faults = faults.filter((f) => f.id !== id);
      return faults.length !== before;
    },
    list: () => faults.map((f) => ({ ...f })),
    clear() {
      faults = [];
    },
    take(types, target) {
      for (const f of faults) {
        if (!(types as readonly string[]).includes(f.type) || !matches(f, target)) continue;
        if (f.probability !== undefined && random() >= f.probability) continue;
        f.fired += 1;
        const limit = f.count ?? (f.probability === undefined ? 1 : Infinity);
        if (f.fired >= limit) faults = faults.filter((x) => x !== f);
        return f as Extract<Fault, { type: (typeof types)[number] }>;
      }
      return undefined;
    },
  };
}

function routeMatches(pattern: string, t: FaultTarget): boolean {
  if (!pattern.includes('/')) return pattern === '*' || pattern.toLowerCase() === t.route.toLowerCase();
  const regex = new RegExp(
    '^' +
      pattern
        .split('**')
        .map((part) =>
          part
            .split('*')
            .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('[^/]*'),
        )
        .join('.*') +
      '$',
    'i',
  );
  return regex.test(t.path);
}
