import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, limitHeapGrowth } from './heap-growth.ts';

describe('limitHeapGrowth', () => {
  it('sets the heap growing factor when the command line chose none', () => {
    const set: string[] = [];
    expect(limitHeapGrowth(['--max-semi-space-size=16'], (flags) => set.push(flags))).toBe(true);
    expect(set).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
  });

  it("leaves an operator's own flag alone, in either spelling", () => {
    const set: string[] = [];
    for (const arg of ['--heap-growing-percent=80', '--heap_growing_percent=80', '--heap-growing-percent'])
      expect(limitHeapGrowth([arg], (flags) => set.push(flags))).toBe(false);
    expect(set).toEqual([]);
  });
});
