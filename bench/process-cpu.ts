/**
 * CPU seconds of a process tree from /proc (Linux), for benches that share a machine between the
 * emulator, the worker and Postgres: which of them spends the CPU a run is short of. Postgres'
 * `active_time` counts a backend's waits for a core too, so on a loaded machine it overstates the
 * database's own cost; this does not.
 */
import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK)

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, and cutime + cstime (children that exited and were waited for). */
  own: number;
  reaped: number;
}

function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // gone between the listing and the read
  }
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number): number => Number(f[i - 3]);
  return { pid, ppid: n(4), own: n(14) + n(15), reaped: n(16) + n(17) };
}

/**
 * CPU seconds used so far by `rootPid` and every live descendant, each with its children that exited
 * and were reaped (a Postgres backend that ended is counted in the postmaster's children time).
 */
export function treeCpuSeconds(rootPid: number): number {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readStat(Number(d)))
    .filter((s): s is ProcStat => s !== null);
  const children = new Map<number, ProcStat[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const root = all.find((s) => s.pid === rootPid);
  if (!root) return 0;
  let ticks = 0;
  const stack = [root];
  while (stack.length > 0) {
    const s = stack.pop()!;
    ticks += s.own + s.reaped;
    stack.push(...(children.get(s.pid) ?? []));
  }
  return ticks / ticksPerSecond;
}

/** CPU seconds of one process (e.g. one Postgres backend: the statements of one connection, nothing else). */
export function processCpuSeconds(pid: number): number {
  const s = readStat(pid);
  return s === null ? 0 : s.own / ticksPerSecond;
}

/** The postmaster's pid, from the first line of the data directory's `postmaster.pid`. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
}
