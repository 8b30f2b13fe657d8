import type { ChaosStack } from '../support/stack.ts';

/** One chaos scenario: throws on failure, returns its figures (one line) on success. */
export interface Scenario {
  name: string;
  run(stack: ChaosStack): Promise<string>;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every mailbox of the seeded emulator organisation that Graph serves. */
export async function syncableAddresses(stack: ChaosStack): Promise<string[]> {
  const seed = stack.emulator.emu.state.seedSummary!;
  return (await stack.emulator.emu.control.listMailboxes(seed.tenantId))
    .filter((m) => m.restEnabled)
    .map((m) => m.address.toLowerCase());
}

/** Resolves once a sync run started after `since` (the worker is mid-sync from then on). */
export async function syncRunStarted(stack: ChaosStack, since: Date): Promise<boolean> {
  const res = await stack.admin.pool.query('select 1 from sync_runs where started_at >= $1 limit 1', [since]);
  return (res.rowCount ?? 0) > 0;
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
