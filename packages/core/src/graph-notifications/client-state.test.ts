import { describe, expect, it } from 'vitest';
import { clientStateMatches, hashClientState, newClientState } from './client-state.ts';

describe('clientState', () => {
  it('is random, stored as a hash, and only the original matches', () => {
    const a = newClientState();
    const b = newClientState();
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(128);
    const stored = hashClientState(a);
    expect(stored).not.toContain(a);
    expect(clientStateMatches(a, stored)).toBe(true);
    expect(clientStateMatches(b, stored)).toBe(false);
    expect(clientStateMatches(undefined, stored)).toBe(false);
    expect(clientStateMatches(a, null)).toBe(false);
  });
});
