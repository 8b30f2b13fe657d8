// Redis commands a bench's run sent, by command (INFO commandstats), for "Redis work per job".
import type { Redis } from 'ioredis';

export type CommandCounts = Map<string, number>;

export async function redisCommandCounts(redis: Redis): Promise<CommandCounts> {
  const info = await redis.info('commandstats');
  const counts: CommandCounts = new Map();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
    counts.set(match[1]!, Number(match[2]));
  return counts;
}

/** The commands sent between two counts, most frequent first, as `name n.n` per `unit`. */
export function describeCommandDelta(before: CommandCounts, after: CommandCounts, units: number): string {
  const delta = [...after]
    .map(([name, n]) => [name, n - (before.get(name) ?? 0)] as const)
    .filter(([name, n]) => n > 0 && name !== 'info')
    .sort((a, b) => b[1] - a[1]);
  const total = delta.reduce((sum, [, n]) => sum + n, 0);
  return `${(total / units).toFixed(1)} in all: ${delta.map(([name, n]) => `${name} ${(n / units).toFixed(1)}`).join(', ')}`;
}
