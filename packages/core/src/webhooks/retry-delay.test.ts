import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-delay.ts';

describe('webhook retry delays', () => {
  it('double per failure between half and all of the step, up to the cap', () => {
    expect(retryDelayMs(1, 1_000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1_000, 60_000, () => 1)).toBe(1_000);
    expect(retryDelayMs(3, 1_000, 60_000, () => 0)).toBe(2_000);
    expect(retryDelayMs(3, 1_000, 60_000, () => 1)).toBe(4_000);
    expect(retryDelayMs(30, 1_000, 60_000, () => 1)).toBe(60_000);
    expect(retryDelayMs(30, 1_000, 60_000, () => 0)).toBe(30_000);
  });
});
