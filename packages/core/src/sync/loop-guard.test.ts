import { describe, expect, it } from 'vitest';
import { createLoopGuard, SyncLoopError } from './loop-guard.ts';

describe('loop guard', () => {
  it('lets a normal round with duplicates inside pages through', () => {
    const guard = createLoopGuard();
    expect(() => {
      guard.observe(['a', 'b', 'a'], 'n1');
      guard.observe(['b', 'c'], 'n2');
      guard.observe([], 'n3');
      guard.observe(['d'], 'delta');
    }).not.toThrow();
  });

  it('tolerates a few repeats of a nextLink, then stops', () => {
    const guard = createLoopGuard({ maxLinkRepeats: 2 });
    guard.observe([], 'n1');
    guard.observe([], 'n1');
    guard.observe(['a'], 'n2');
    guard.observe(['b'], 'n1');
    expect(() => guard.observe(['c'], 'n1')).toThrow(SyncLoopError);
  });

  it('stops after too many pages that only replay known ids', () => {
    const guard = createLoopGuard({ maxReplayPages: 2 });
    guard.observe(['a', 'b'], 'n0');
    guard.observe(['a'], 'n1');
    guard.observe(['b'], 'n2');
    expect(() => guard.observe(['a', 'b'], 'n3')).toThrow(/replayed only known items/);
  });

  it('resets the replay count when a page brings something new', () => {
    const guard = createLoopGuard({ maxReplayPages: 1 });
    guard.observe(['a'], 'n0');
    guard.observe(['a'], 'n1');
    guard.observe(['b'], 'n2');
    expect(() => guard.observe(['a'], 'n3')).not.toThrow();
  });

  it('caps the pages of a round', () => {
    const guard = createLoopGuard({ maxPages: 3 });
    guard.observe(['a'], 'n1');
    guard.observe(['b'], 'n2');
    guard.observe(['c'], 'n3');
    expect(() => guard.observe(['d'], 'n4')).toThrow(/exceeded 3 pages/);
  });
});
