import { describe, expect, it } from 'vitest';
import { coalescedPerTenant } from './delivery-trigger.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('coalescedPerTenant', () => {
  it('runs once per burst while busy, again after it, and tenants apart', async () => {
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const trigger = coalescedPerTenant((tenantId) => {
      started.push(tenantId);
      return new Promise<void>((resolve) => releases.push(resolve));
    });
    trigger('a');
    trigger('a');
    trigger('a');
    trigger('b');
    await tick();
    expect(started).toEqual(['a', 'b']);
    // The calls that came while 'a' ran get one more run, which starts after the first ends.
    releases.shift()?.();
    await tick();
    expect(started).toEqual(['a', 'b', 'a']);
    releases.splice(0).forEach((release) => release());
    await tick();
    expect(started).toHaveLength(3);
    // Idle again: the next call runs at once.
    trigger('a');
    await tick();
    expect(started).toEqual(['a', 'b', 'a', 'a']);
  });

  it('keeps going after a failed run', async () => {
    let runs = 0;
    const trigger = coalescedPerTenant(() => {
      runs += 1;
      return runs === 1 ? Promise.reject(new Error('redis down')) : Promise.resolve();
    });
    trigger('a');
    await tick();
    trigger('a');
    await tick();
    expect(runs).toBe(2);
  });
});
