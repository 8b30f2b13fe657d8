import { describe, expect, it } from 'vitest';
import { redisFragment } from './fragments.ts';

const prefix = redisFragment.CALSYNC_QUEUE_PREFIX;

describe('CALSYNC_QUEUE_PREFIX', () => {
  it('accepts a plain prefix and one wrapped in a single Redis Cluster hash tag', () => {
    expect(prefix.parse(undefined)).toBe('calsync');
    expect(prefix.parse('calsync-eu')).toBe('calsync-eu');
    expect(prefix.parse('{calsync}')).toBe('{calsync}');
  });

  it('refuses tags that would split or empty the slot, and separators that would break key shapes', () => {
    for (const bad of ['{}', '{a}{b}', 'a{b}', '{a', 'a}', 'cal:sync', '{cal sync}', '', 'x'.repeat(41)])
      expect(prefix.safeParse(bad).success, bad).toBe(false);
  });
});
